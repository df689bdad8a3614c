public import Discovery
public import OrderedJSON

/// Everything the emulator remembers, and what each method shape does to it.
///
/// A value without I/O: the caller passes the time, so the operation lifecycle is tested by
/// stepping it.
public struct EmulatorState: Sendable {
  public let document: DiscoveryDocument
  public var resources = ResourceStore()
  public var operations: OperationBook
  /// The `@type` URLs of the document's messages.
  public let types: TypeURL
  /// Uploaded media, by resource name.
  public var media: MediaStore
  /// Resumable uploads by `upload_id`, finished ones included (they answer later status queries).
  var uploads: [String: UploadSession] = [:]
  /// Source of generated resource and operation ids.
  var ids: SplitMix64
  /// The API's own behaviour where the generic shapes do not fit (Cloud Storage), if any.
  let overlay: (any Overlay)?

  /// The default of ``EmulatorConfiguration/mediaLimit``: 256 MiB.
  public static let defaultMediaLimit = 256 * 1024 * 1024

  /// An empty state for `document`; operations finish after `operationDelay`, media is held up
  /// to `mediaLimit` bytes.
  public init(
    document: DiscoveryDocument, operationDelay: Duration, ids: SplitMix64, mediaLimit: Int = defaultMediaLimit
  ) {
    self.document = document
    self.types = TypeURL(document: document)
    self.operations = OperationBook(delay: operationDelay)
    self.ids = ids
    self.media = MediaStore(limit: mediaLimit)
    self.overlay = Overlays.overlay(for: document)
  }

  /// Carries out `call` at time `now` (since the emulator started) and returns the answer:
  /// JSON for most methods, media for downloads, a session for a resumable upload's start.
  public mutating func respond(to call: Call, at now: Duration) throws(EmulatorError) -> EmulatorAnswer {
    try call.checkPathValues()
    if let overlay, let answer = try overlay.respond(to: call, in: &self, at: now) { return answer }
    if call.startsResumableUpload { return startUpload(call) }
    if call.wantsMedia { return try download(call) }
    return .json(try json(for: call, at: now))
  }

  /// The JSON body of ``respond(to:at:)``, for calls that answer JSON (`{}` for others).
  public mutating func handle(_ call: Call, at now: Duration) throws(EmulatorError) -> JSONValue {
    try respond(to: call, at: now).json ?? .object(JSONObject())
  }

  /// What the method shape does with a call that answers JSON.
  mutating func json(for call: Call, at now: Duration) throws(EmulatorError) -> JSONValue {
    let route = call.route
    let name = route.resourceName(call.values)
    switch route.shape {
    case .create: return try create(call, in: name, at: now)
    case .get:
      guard let resource = resources[name] else { throw .notFound(name) }
      return resource
    case .list(let itemsField):
      let page = try Page(resources.list(in: name), pageSize: pageSize(call), pageToken: call.parameter("pageToken"))
      return page.response(itemsField: itemsField)
    case .update(let replace): return try update(call, name, replace: replace)
    case .delete:
      guard resources.remove(name) else { throw .notFound(name) }
      media.remove(name)
      return .object(JSONObject())
    case .startOperation:
      let types = OperationTypes.of(route.method, creates: false, in: document, types: self.types)
      let response = ResponseShapes.operationResponse(types, body: call.body, in: document, typeURL: self.types)
      return startOperation(call, types: types, response: response, at: now)
    case .operationGet:
      guard let operation = operations.operation(name, at: now) else { throw .notFound(name) }
      return operation
    case .operationList(let itemsField):
      let all = operations.list(in: name, at: now)
      let page = try Page(all, pageSize: pageSize(call), pageToken: call.parameter("pageToken"))
      return page.response(itemsField: itemsField)
    case .operationCancel:
      guard operations.cancel(name, at: now) else { throw .notFound(name) }
      return .object(JSONObject())
    case .operationDelete:
      guard operations.delete(name) else { throw .notFound(name) }
      return .object(JSONObject())
    case .other:
      return ResponseShapes.minimalInstance(of: route.method.response, in: document)
    }
  }

  func pageSize(_ call: Call) -> String? { call.parameter("pageSize") ?? call.parameter("maxResults") }

  /// Stores the body as `<collection>/<id>`.
  ///
  /// The id comes from an `…Id` query parameter (`productId`), else a `name` query parameter
  /// (uploads), else a body `name` without `/` (compute's insert), else it is generated. The
  /// `…Id` must match its parameter's pattern, or hold no `/` without one; a `name` query
  /// parameter may (storage's object names do).
  mutating func create(_ call: Call, in collection: String, at now: Duration) throws(EmulatorError) -> JSONValue {
    let method = call.route.method
    let idParameter = method.parameters.first { $0.location == .query && $0.name.hasSuffix("Id") }
    var id = idParameter.flatMap { call.parameter($0.name) }.flatMap { $0.isEmpty ? nil : $0 }
    if let idParameter, let id { try Call.checkIdentifier(id, of: idParameter, isSegment: true) }
    if id == nil, method.parameter(named: "name")?.location == .query, let given = call.parameter("name"),
      !given.isEmpty
    {
      id = given
    }
    if id == nil, let given = call.body["name"]?.stringValue, !given.isEmpty, !given.contains("/") { id = given }
    let name = (collection.isEmpty ? "" : collection + "/") + (id ?? ids.identifier())
    var object = JSONObject([JSONObject.Member(key: "name", value: .string(name))])
    for member in call.body.objectValue ?? JSONObject() where member.key != "name" {
      object.append(key: member.key, value: member.value)
    }
    guard resources[name] == nil else { throw .alreadyExists(name) }
    if let item = call.http.media {
      try keepMedia(item, for: name)
      describeMedia(item, in: &object, schema: method.response)
    }
    let resource = JSONValue.object(object)
    _ = resources.insert(resource, named: name)
    if MethodShape.returnsOperation(method, document) {
      let types = OperationTypes.of(method, creates: true, in: document, types: self.types)
      let any = JSONValue.object(
        JSONObject(
          [JSONObject.Member(key: "@type", value: .string(self.types.url(forSchema: types.response)))] + object.members)
      )
      return startOperation(call, types: types, response: any, at: now)
    }
    return resource
  }

  mutating func update(_ call: Call, _ name: String, replace: Bool) throws(EmulatorError) -> JSONValue {
    guard let stored = resources[name] else { throw .notFound(name) }
    let updated: JSONValue
    if let mask = call.parameter("updateMask"), !mask.isEmpty {
      let schema = call.route.method.request
      updated = try UpdateMask(mask, schema: schema, in: document).apply(call.body, to: stored)
    } else if replace {
      updated = UpdateMask.merge(call.body, into: ["name": .string(name)])
    } else {
      updated = UpdateMask.merge(call.body, into: stored)
    }
    _ = resources.replace(updated, named: name)
    return updated
  }

  /// Starts an operation named `<parent>/operations/<id>` (or `operations/<id>` for methods
  /// without a parent), so the API's own `operations` methods find it.
  mutating func startOperation(_ call: Call, types: OperationTypes, response: JSONValue, at now: Duration)
    -> JSONValue
  {
    let parent = call.values["parent"].map { $0 + "/" } ?? ""
    var name = parent + "operations/" + ids.identifier()
    while !operations.start(
      name: name, method: call.route.method.id, metadata: types.metadata, response: response, at: now)
    {
      name = parent + "operations/" + ids.identifier()
    }
    return operations.operation(name, at: now) ?? .null
  }
}
