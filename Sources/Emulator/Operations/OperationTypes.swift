public import Discovery

/// The messages an operation started by a method carries in `metadata` and `response`.
///
/// Google documents them in the method's description ("`Operation.metadata` contains
/// `OperationMetadata` … `Operation.response` contains `AsyncBatchAnnotateImagesResponse`"),
/// which is read first. Otherwise the metadata is the document's `OperationMetadata` schema
/// (or, without one, a `google.protobuf.Struct`), and the response is the created resource for
/// a create, `<X>Response` for a `<X>Request`, `<Method>Response`, else `google.protobuf.Empty`.
public struct OperationTypes: Sendable, Equatable {
  /// How the metadata is written.
  public let metadata: OperationBook.MetadataShape
  /// The response's schema name in the document, or a full message name (`google.protobuf.Empty`).
  public let response: String

  public init(metadata: OperationBook.MetadataShape, response: String) {
    self.metadata = metadata
    self.response = response
  }

  /// The types of operations `method` starts; `creates` when it stores its request body as a resource.
  public static func of(_ method: APIMethod, creates: Bool, in document: DiscoveryDocument, types: TypeURL)
    -> OperationTypes
  {
    let description = method.description ?? ""
    let metadataName =
      described("metadata", in: description)
      ?? (document.schemas["OperationMetadata"] != nil
        ? "OperationMetadata" : nil)
    let metadata: OperationBook.MetadataShape
    if let metadataName, let schema = document.schemas[metadataName] {
      metadata = shape(of: schema, url: types.url(forSchema: metadataName), in: document)
    } else if let metadataName {
      metadata = OperationBook.MetadataShape(typeURL: TypeURL.prefix + types.messageName(metadataName))
    } else {
      metadata = .generic
    }
    return OperationTypes(metadata: metadata, response: responseName(method, creates, description, document))
  }

  static func responseName(_ method: APIMethod, _ creates: Bool, _ description: String, _ document: DiscoveryDocument)
    -> String
  {
    if let named = described("response", in: description) { return named }
    if creates, let resource = method.request?.ref { return resource }
    if let request = method.request?.ref, request.hasSuffix("Request") {
      let response = String(request.dropLast("Request".count)) + "Response"
      if document.schemas[response] != nil { return response }
    }
    let own = method.name.prefix(1).uppercased() + method.name.dropFirst() + "Response"
    return document.schemas[own] != nil ? own : "google.protobuf.Empty"
  }

  /// The name after "`Operation.<field>` contains `" in a method description.
  static func described(_ field: String, in description: String) -> String? {
    let marker = "Operation.\(field)` contains `"
    guard let start = description.firstRange(of: marker)?.upperBound,
      let end = description[start...].firstIndex(of: "`")
    else { return nil }
    let name = description[start..<end]
    return name.isEmpty || name.contains(" ") ? nil : String(name)
  }

  /// Which members of a metadata message hold the operation's state and times, found by the
  /// names Google's metadata messages use (`state` RUNNING or PROCESSING, `createTime` or
  /// `submitTime`, `updateTime`, `endTime`).
  static func shape(of schema: Schema, url: String, in document: DiscoveryDocument) -> OperationBook.MetadataShape {
    func first(_ names: [String]) -> String? { names.first { schema.property(named: $0) != nil } }
    var states: [OperationBook.Phase: String] = [:]
    if let state = schema.property(named: "state").flatMap(document.resolve), !state.enumValues.isEmpty {
      let candidates: [OperationBook.Phase: [String]] = [
        .running: ["RUNNING", "PROCESSING", "IN_PROGRESS", "ACTIVE"],
        .done: ["DONE", "SUCCEEDED", "SUCCESSFUL", "SUCCESS", "COMPLETED"],
        .cancelled: ["CANCELLED", "CANCELED"],
      ]
      for (phase, names) in candidates {
        states[phase] = names.first { state.enumValues.contains($0) }
      }
    }
    return OperationBook.MetadataShape(
      typeURL: url, stateField: states.isEmpty ? nil : "state", stateNames: states,
      createdField: first(["createTime", "submitTime", "startTime"]), updatedField: first(["updateTime"]),
      endedField: first(["endTime"]), methodField: nil)
  }
}
