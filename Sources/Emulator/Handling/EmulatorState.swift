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
  /// Source of generated resource and operation ids.
  var ids: SplitMix64

  public init(document: DiscoveryDocument, operationDelay: Duration, ids: SplitMix64) {
    self.document = document
    self.operations = OperationBook(delay: operationDelay)
    self.ids = ids
  }

  /// Carries out `call` at time `now` (since the emulator started) and returns the response body.
  public mutating func handle(_ call: Call, at now: Duration) throws(EmulatorError) -> JSONValue {
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
      return .object(JSONObject())
    case .startOperation:
      let response = ResponseShapes.operationResponse(for: route.method, body: call.body, in: document)
      return startOperation(call, response: response, at: now)
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

  /// Stores the body as `<collection>/<id>`: the id from an `…Id` query parameter
  /// (`productId`), else a `name` query parameter (uploads), else a body `name` without `/`
  /// (compute's insert), else generated.
  mutating func create(_ call: Call, in collection: String, at now: Duration) throws(EmulatorError) -> JSONValue {
    let method = call.route.method
    let idParameter = method.parameters.first { $0.location == .query && $0.name.hasSuffix("Id") }
    var id = idParameter.flatMap { call.parameter($0.name) }.flatMap { $0.isEmpty ? nil : $0 }
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
    let resource = JSONValue.object(object)
    guard resources.insert(resource, named: name) else { throw .alreadyExists(name) }
    if MethodShape.returnsOperation(method, document) {
      return startOperation(call, response: resource, at: now)
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
  mutating func startOperation(_ call: Call, response: JSONValue, at now: Duration) -> JSONValue {
    let parent = call.values["parent"].map { $0 + "/" } ?? ""
    var name = parent + "operations/" + ids.identifier()
    while !operations.start(name: name, method: call.route.method.id, response: response, at: now) {
      name = parent + "operations/" + ids.identifier()
    }
    return operations.operation(name, at: now) ?? .null
  }
}
