// libFuzzer target: OrderedJSON's parser and scanner on arbitrary bytes (server responses,
// documents and `:=` values all reach them).
import OrderedJSON

/// Parses the input, then checks what must hold for any input the parser accepts: the printed
/// forms parse back to the same value, and the scanner finds the same members with ranges that
/// parse to the same values (the partial loader relies on that).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let scanned = try? JSONScanner.members(of: bytes)
  if let scanned {
    // Every range the scanner returns must be safe to hand to the parser, valid JSON or not.
    for member in scanned { _ = try? JSONParser.parse(bytes, in: member.range) }
  }
  guard let value = try? JSONParser.parse(bytes) else { return 0 }
  for pretty in [false, true] {
    let text = value.serialized(pretty: pretty)
    guard let again = try? JSONParser.parse(text) else { fatalError("printed JSON does not parse: \(text)") }
    precondition(again == value, "printed JSON parses to another value: \(text)")
  }
  if case .object(let object) = value {
    guard let scanned else { fatalError("the parser accepts an object the scanner refuses") }
    precondition(scanned.map(\.key) == object.keys, "the scanner finds other keys than the parser")
    for (member, parsed) in zip(scanned, object) {
      precondition(
        (try? JSONParser.parse(bytes, in: member.range)) == parsed.value, "a scanned range parses to another value")
    }
  }
  return 0
}
