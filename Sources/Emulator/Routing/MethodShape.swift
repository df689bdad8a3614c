public import Discovery

/// What the emulator does for a method, decided once from its name, HTTP method, resource and
/// response schema: the standard methods of Google's API design guide act on stored resources,
/// methods answering a `google.longrunning.Operation` start one, and the rest answer a
/// minimal valid instance of their response schema.
public enum MethodShape: Sendable, Hashable {
  /// POST create/insert: stores the body under a new name.
  case create
  case get
  /// GET list: pages through the collection; `itemsField` is the response's array member.
  case list(itemsField: String)
  /// PATCH (merge, or apply `updateMask`) or PUT (replace).
  case update(replace: Bool)
  case delete
  /// A method whose response is a long-running operation.
  case startOperation
  case operationGet
  case operationList(itemsField: String)
  case operationCancel
  case operationDelete
  /// Anything else: a minimal instance of the response schema.
  case other

  /// The shape of `method`, found at `resourcePath` in `document`.
  public static func of(_ method: APIMethod, resourcePath: [String], in document: DiscoveryDocument) -> MethodShape {
    let verb = method.httpMethod.uppercased()
    let itemsField = listItemsField(method, resourcePath, document)
    if resourcePath.last == "operations" {
      switch (method.name, verb) {
      case ("get", "GET"), ("wait", "POST"): return .operationGet
      case ("list", "GET"): return .operationList(itemsField: itemsField)
      case ("cancel", "POST"): return .operationCancel
      case ("delete", "DELETE"): return .operationDelete
      default: return .other
      }
    }
    switch (method.name, verb) {
    case ("create", "POST"), ("insert", "POST"): return .create
    default: break
    }
    if returnsOperation(method, document) { return .startOperation }
    switch (method.name, verb) {
    case ("get", "GET"): return .get
    case ("list", "GET"): return .list(itemsField: itemsField)
    case ("patch", "PATCH"), ("update", "PATCH"): return .update(replace: false)
    case ("update", "PUT"), ("patch", "PUT"): return .update(replace: true)
    case ("delete", "DELETE"): return .delete
    default: return .other
    }
  }

  /// True when the response schema looks like `google.longrunning.Operation` (`name`, `done`, `error`).
  static func returnsOperation(_ method: APIMethod, _ document: DiscoveryDocument) -> Bool {
    guard let response = method.response, let schema = document.resolve(response) else { return false }
    let names = Set(schema.properties.map(\.name))
    return names.isSuperset(of: ["name", "done", "error"])
  }

  /// The list response's member holding the items: its first array of objects, else the last
  /// word of the resource path (`products`).
  static func listItemsField(_ method: APIMethod, _ resourcePath: [String], _ document: DiscoveryDocument) -> String {
    if let response = method.response, let schema = document.resolve(response) {
      for property in schema.properties {
        guard let resolved = document.resolve(property.schema), resolved.type == .array, let items = resolved.items,
          document.resolve(items)?.type == .object
        else { continue }
        return property.name
      }
    }
    return resourcePath.last ?? "items"
  }
}
