// libFuzzer target: the `-r` argument parser (CursorArgument) and RequestBuilder, driven by a
// real schema: the document named by FUZZ_DISCOVERY_DOCUMENT (scripts/fuzz passes
// api-descriptions/vision.v1.json), else a small document embedded below.
import Discovery
import FieldCursor
import OrderedJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The document the arguments are applied against, and its schema names in document order.
let fuzzDocument: DiscoveryDocument? = {
  if let path = getenv("FUZZ_DISCOVERY_DOCUMENT").map({ String(cString: $0) }),
    let document = try? DocumentLoader.load(path: path)
  {
    return document
  }
  return try? DocumentDecoder(source: "embedded").decode(bytes: Array(embeddedDocument.utf8))
}()

/// Whether to step around the crash already known in CursorArgument (a key that ends in a
/// backslash reads past the end of the argument), so a run can look for others; set by
/// FUZZ_AVOID_KNOWN_CRASHES=1. Remove once CursorArgument is fixed.
let avoidKnownCrashes = getenv("FUZZ_AVOID_KNOWN_CRASHES").map { String(cString: $0) == "1" } ?? false

/// Input: byte 0 picks the root schema, byte 1 the mode, then one `-r` argument per line; a line
/// starting with `!` is an `unset`, `>` a `cd`, `?` asks for completions and fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestBuilder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let document = fuzzDocument, let data, size >= 2 else { return 0 }
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let names = document.schemaNames
  guard !names.isEmpty else { return 0 }
  let schema = document.schemas[names[Int(bytes[0]) % names.count]]
  var builder = RequestBuilder(
    document: document, requestSchema: schema, mode: bytes[1] & 1 == 0 ? .commandLine : .editing)
  let text = String(decoding: bytes.dropFirst(2), as: UTF8.self)
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    // `=@file` reads a file: that is I/O, not parsing, and the fuzzer must not read /dev/zero.
    if line.contains("=@") { continue }
    if avoidKnownCrashes, line.utf8.contains(UInt8(ascii: "\\")) { continue }
    switch line.first {
    case "!": try? builder.unset(String(line.dropFirst()))
    case ">": try? builder.moveCursor(to: String(line.dropFirst()))
    case "?":
      _ = builder.completions(for: String(line.dropFirst()))
      _ = builder.fields()
    default:
      let before = builder.body
      do {
        try builder.apply(String(line))
      } catch {
        // A failed argument changes nothing.
        precondition(builder.body == before, "a failed -r argument changed the body")
        _ = error.message
      }
    }
  }
  // The body must stay printable JSON that parses back to itself.
  let printed = builder.body.compactText
  precondition((try? JSONParser.parse(printed)) == builder.body, "the body does not print as its own JSON")
  _ = builder.cursor.description
  return 0
}

/// A small document used when vision.v1.json is not at hand: objects, arrays, maps, enums,
/// int32/int64, bytes and `any`, without recursion.
let embeddedDocument = #"""
  {"name":"f","version":"v1","rootUrl":"https://f.example/","schemas":{
   "Request":{"id":"Request","type":"object","properties":{
    "requests":{"type":"array","items":{"$ref":"Item"}},
    "labels":{"type":"object","additionalProperties":{"type":"string"}},
    "tags":{"type":"array","items":{"type":"string"}},
    "count":{"type":"integer","format":"int32"},
    "size":{"type":"string","format":"int64"},
    "ratio":{"type":"number","format":"double"},
    "flag":{"type":"boolean"},
    "data":{"type":"string","format":"byte"},
    "extra":{"type":"any"}}},
   "Item":{"id":"Item","type":"object","properties":{
    "image":{"$ref":"Image"},
    "features":{"type":"array","items":{"$ref":"Feature"}}}},
   "Image":{"id":"Image","type":"object","properties":{
    "source":{"type":"object","properties":{"imageUri":{"type":"string"}}},
    "content":{"type":"string","format":"byte"}}},
   "Feature":{"id":"Feature","type":"object","properties":{
    "type":{"type":"string","enum":["TYPE_UNSPECIFIED","LABEL_DETECTION","TEXT_DETECTION"]},
    "maxResults":{"type":"integer","format":"int32"}}}}}
  """#
