import Discovery
import OrderedJSON

/// Cloud Storage JSON API v1 as Google serves it, where it differs from the core's conventions.
///
/// Buckets are `b/<bucket>` and objects `b/<bucket>/o/<object>` in the store, but `name` is
/// returned as given (an object name may hold any character, `/` included). Uploading a name
/// again replaces the object with the next `generation`; `objects.list` takes `prefix` and
/// `delimiter` (answering `prefixes`); deletes answer `204` with no body; a bucket that still
/// holds objects cannot be deleted (409). Everything else (get, patch, media download,
/// resumable sessions) is the core's.
struct StorageOverlay: Overlay {
  func respond(to call: Call, in state: inout EmulatorState, at now: Duration) throws(EmulatorError) -> EmulatorAnswer?
  {
    switch call.route.method.id {
    case "storage.buckets.insert": return try insertBucket(call, &state, now)
    case "storage.buckets.list": return try listBuckets(call, state)
    case "storage.buckets.delete": return try deleteBucket(call, &state)
    case "storage.objects.insert": return try insertObject(call, &state, now)
    case "storage.objects.list": return try listObjects(call, state)
    case "storage.objects.get", "storage.objects.patch", "storage.objects.update":
      // The core answers (JSON or media); only the error for a missing object is Storage's own.
      let (bucket, name) = (call.values["bucket"] ?? "", call.values["object"] ?? "")
      guard state.resources[Self.objectKey(bucket, name)] != nil else { throw Self.noSuchObject(bucket, name) }
      return nil
    case "storage.objects.delete": return try deleteObject(call, &state)
    default: return nil
    }
  }

  static func bucketKey(_ bucket: String) -> String { "b/" + bucket }
  static func objectKey(_ bucket: String, _ object: String) -> String { "b/\(bucket)/o/\(object)" }

  /// The value of `name` in the query or the body, when not empty.
  static func givenName(_ call: Call) -> String? {
    if let name = call.parameter("name"), !name.isEmpty { return name }
    if let name = call.body["name"]?.stringValue, !name.isEmpty { return name }
    return nil
  }

  /// Storage's `required` 400 for a missing `name`.
  static func nameRequired(_ what: String) -> EmulatorError {
    .invalidArgument("Required parameter: \(what) name", field: "name")
  }

  static func noSuchBucket(_ bucket: String) -> EmulatorError {
    EmulatorError(code: 404, status: "NOT_FOUND", message: "The specified bucket does not exist: \(bucket)")
  }

  static func noSuchObject(_ bucket: String, _ name: String) -> EmulatorError {
    EmulatorError(code: 404, status: "NOT_FOUND", message: "No such object: \(bucket)/\(name)")
  }

  static let noContent = EmulatorAnswer(status: 204, body: .empty)

  func insertBucket(_ call: Call, _ state: inout EmulatorState, _ now: Duration) throws(EmulatorError)
    -> EmulatorAnswer
  {
    guard let name = Self.givenName(call) else { throw Self.nameRequired("bucket") }
    let key = Self.bucketKey(name)
    guard state.resources[key] == nil else {
      throw EmulatorError(
        code: 409, status: "ALREADY_EXISTS",
        message: "Your previous request to create the named bucket succeeded and you already own it.")
    }
    let time = JSONValue.string(state.operations.timestamp(now))
    var bucket: JSONObject = [
      "kind": "storage#bucket", "id": .string(name), "name": .string(name), "projectNumber": "0",
      "metageneration": "1", "location": "US", "storageClass": "STANDARD", "timeCreated": time, "updated": time,
    ]
    for member in call.body.objectValue ?? JSONObject() where !["name", "id", "kind"].contains(member.key) {
      bucket[member.key] = member.value
    }
    _ = state.resources.insert(.object(bucket), named: key)
    return .json(.object(bucket))
  }

  func listBuckets(_ call: Call, _ state: EmulatorState) throws(EmulatorError) -> EmulatorAnswer {
    let prefix = call.parameter("prefix") ?? ""
    let buckets = state.resources.list(in: "b").filter { ($0["name"]?.stringValue ?? "").hasPrefix(prefix) }
    let page = try Page(buckets, pageSize: state.pageSize(call), pageToken: call.parameter("pageToken"))
    var answer: JSONObject = ["kind": "storage#buckets"]
    for member in page.response(itemsField: "items").objectValue ?? JSONObject() { answer[member.key] = member.value }
    return .json(.object(answer))
  }

  func deleteBucket(_ call: Call, _ state: inout EmulatorState) throws(EmulatorError) -> EmulatorAnswer {
    let bucket = call.values["bucket"] ?? ""
    let key = Self.bucketKey(bucket)
    guard state.resources[key] != nil else { throw Self.noSuchBucket(bucket) }
    guard state.resources.names(withPrefix: key + "/o/").isEmpty else {
      throw EmulatorError(
        code: 409, status: "FAILED_PRECONDITION", message: "The bucket you tried to delete is not empty.")
    }
    _ = state.resources.remove(key)
    return Self.noContent
  }

  /// Stores the object (the first generation, or the next one over an object of that name)
  /// with the media it carries; a resumable upload's start is checked here and left to the core,
  /// which calls again with the media once every byte has arrived.
  func insertObject(_ call: Call, _ state: inout EmulatorState, _ now: Duration) throws(EmulatorError)
    -> EmulatorAnswer?
  {
    let bucket = call.values["bucket"] ?? ""
    guard state.resources[Self.bucketKey(bucket)] != nil else { throw Self.noSuchBucket(bucket) }
    guard let name = Self.givenName(call) else { throw Self.nameRequired("object") }
    if call.startsResumableUpload { return nil }
    let key = Self.objectKey(bucket, name)
    let previous = state.resources[key]
    let generation = (previous?["generation"]?.stringValue.flatMap { Int($0) } ?? 0) + 1
    let time = JSONValue.string(state.operations.timestamp(now))
    var object: JSONObject = [
      "kind": "storage#object", "id": .string("\(bucket)/\(name)/\(generation)"), "name": .string(name),
      "bucket": .string(bucket), "generation": .string(String(generation)), "metageneration": "1",
      "storageClass": "STANDARD", "timeCreated": time, "updated": time,
    ]
    for member in call.body.objectValue ?? JSONObject()
    where !["name", "bucket", "id", "kind", "generation"].contains(member.key) {
      object[member.key] = member.value
    }
    let media = call.http.media ?? MediaStore.Item(bytes: [], contentType: "application/octet-stream")
    try state.keepMedia(media, for: key)
    state.describeMedia(media, in: &object, schema: nil)
    if previous == nil {
      _ = state.resources.insert(.object(object), named: key)
    } else {
      _ = state.resources.replace(.object(object), named: key)
    }
    return .json(.object(object))
  }

  /// Objects in name order, with `prefix`, `delimiter` and paging.
  ///
  /// With a `delimiter`, names that hold it after the `prefix` fold into `prefixes` (each once,
  /// up to and including the delimiter). Pages count objects and prefixes.
  func listObjects(_ call: Call, _ state: EmulatorState) throws(EmulatorError) -> EmulatorAnswer {
    let bucket = call.values["bucket"] ?? ""
    guard state.resources[Self.bucketKey(bucket)] != nil else { throw Self.noSuchBucket(bucket) }
    let prefix = call.parameter("prefix") ?? ""
    let delimiter = call.parameter("delimiter").flatMap { $0.isEmpty ? nil : $0 }
    let collection = Self.objectKey(bucket, "")
    var entries: [String: JSONValue] = [:]
    for key in state.resources.names(withPrefix: collection + prefix) {
      let name = String(key.dropFirst(collection.count))
      if let delimiter, let folded = Self.folded(name, after: prefix, at: delimiter) {
        entries[folded] = .string(folded)
      } else if let object = state.resources[key] {
        entries[name] = object
      }
    }
    let ordered = entries.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap {
      entries[$0]
    }
    let page = try Page(ordered, pageSize: state.pageSize(call), pageToken: call.parameter("pageToken"))
    var answer: JSONObject = ["kind": "storage#objects"]
    let objects = page.items.filter { $0.objectValue != nil }
    let prefixes = page.items.filter { $0.stringValue != nil }
    if !objects.isEmpty { answer["items"] = .array(objects) }
    if !prefixes.isEmpty { answer["prefixes"] = .array(prefixes) }
    if let token = page.nextPageToken { answer["nextPageToken"] = .string(token) }
    return .json(.object(answer))
  }

  /// `name` up to and including the first `delimiter` after `prefix`, or nil when there is none.
  static func folded(_ name: String, after prefix: String, at delimiter: String) -> String? {
    let bytes = Array(name.utf8)
    let needle = Array(delimiter.utf8)
    var at = prefix.utf8.count
    while at + needle.count <= bytes.count {
      if bytes[at..<(at + needle.count)].elementsEqual(needle) {
        return String(decoding: bytes[..<(at + needle.count)], as: UTF8.self)
      }
      at += 1
    }
    return nil
  }

  func deleteObject(_ call: Call, _ state: inout EmulatorState) throws(EmulatorError) -> EmulatorAnswer {
    let bucket = call.values["bucket"] ?? ""
    let name = call.values["object"] ?? ""
    let key = Self.objectKey(bucket, name)
    guard state.resources.remove(key) else { throw Self.noSuchObject(bucket, name) }
    state.media.remove(key)
    return Self.noContent
  }
}
