// libFuzzer target: the discovery document decoder and the partial loader (document index,
// skeleton, schema closure) on arbitrary bytes; a document may come from any URL (`--discovery`).
import Discovery
import OrderedJSON

/// Decodes the input as a whole document and as a directory list, then loads it in part for
/// a few of its methods (or for `r m` when it does not decode), as a call would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDocumentDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let decoder = DocumentDecoder(source: "fuzz.json")
  _ = try? decoder.decodeDirectoryList(bytes: bytes)
  var calls: [[String]] = [["r", "m"], ["m"]]
  if let document = try? decoder.decode(bytes: bytes) {
    calls = methodWords(document.resources, document.methods, prefix: [], limit: 8)
    for words in calls {
      _ = CommandLookup.resolve(words, in: document)
    }
  }
  for words in calls {
    _ = try? PartialLoader.load(bytes: bytes, source: "fuzz.json", words: words)
  }
  return 0
}

/// The command words of up to `limit` methods, depth first.
func methodWords(_ resources: [Resource], _ methods: [APIMethod], prefix: [String], limit: Int) -> [[String]] {
  var found = methods.prefix(limit).map { prefix + [$0.kebabName] }
  for resource in resources where found.count < limit {
    found += methodWords(
      resource.resources, resource.methods, prefix: prefix + [resource.kebabName], limit: limit - found.count)
  }
  return found
}
