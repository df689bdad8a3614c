// Micro-benchmarks, so regressions show: parse throughput for the largest public discovery
// document (compute alpha, 6 MB) and for vision v1 — the project's OrderedJSON parser, the
// full Discovery loader, and Foundation's JSONSerialization and JSONDecoder — then the partial
// loader (one method's part of the document) and the field cursor. Prints Markdown tables of medians.
//
//   swift run -c release --package-path Benchmarks json-parse [runs]
import Discovery
import FieldCursor
import Foundation
import OrderedJSON

/// Any JSON value, so JSONDecoder has something generic to decode into.
enum AnyJSON: Decodable {
  case null, bool(Bool), number(Double), string(String), array([AnyJSON]), object([String: AnyJSON])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([AnyJSON].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: AnyJSON].self))
    }
  }
}

let runs = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 15
let folder = DocumentLocator.projectDescriptionsFolder

func median(_ body: () throws -> Void) rethrows -> Double {
  var samples: [Double] = []
  for _ in 0..<runs {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
  return samples.sorted()[samples.count / 2]
}

print("| document | size | parser | median | throughput |")
print("| --- | ---: | --- | ---: | ---: |")
for name in ["compute.alpha.json", "vision.v1.json"] {
  let path = folder + "/" + name
  guard let data = FileManager.default.contents(atPath: path) else {
    print("missing \(path): run scripts/fetch-documents")
    exit(4)
  }
  let bytes = [UInt8](data)
  let megabytes = Double(bytes.count) / 1_048_576
  let cases: [(String, () throws -> Void)] = [
    ("OrderedJSON.JSONParser", { _ = try JSONParser.parse(bytes) }),
    ("Discovery loader (parse + model)", { _ = try DocumentDecoder(source: name).decode(bytes: bytes) }),
    ("Foundation JSONSerialization", { _ = try JSONSerialization.jsonObject(with: data) }),
    ("Foundation JSONDecoder", { _ = try JSONDecoder().decode(AnyJSON.self, from: data) }),
  ]
  for (label, body) in cases {
    let seconds = try median(body)
    print(
      "| \(name) | \(String(format: "%.1f MB", megabytes)) | \(label) | \(String(format: "%.1f ms", seconds * 1000)) | \(String(format: "%.0f MB/s", megabytes / seconds)) |"
    )
  }
}

print()
print("| operation | median |")
print("| --- | ---: |")
let computePath = folder + "/compute.alpha.json"
let computeBytes = [UInt8](FileManager.default.contents(atPath: computePath) ?? Data())
let partial = try median {
  _ = try PartialLoader.load(bytes: computeBytes, source: computePath, words: ["instances", "get", "p", "z", "i"])
}
print("| PartialLoader: compute alpha `instances get` (scan + method + schemas) | \(String(format: "%.2f ms", partial * 1000)) |")
// Through the digest: only the method's and its schemas' byte ranges are read from the file.
let digests = NSTemporaryDirectory() + "json-parse-digests-\(getpid())"
let words = ["instances", "get", "p", "z", "i"]
_ = try PartialLoader.load(path: computePath, words: words, digestFolder: digests)
let ranged = try median { _ = try PartialLoader.load(path: computePath, words: words, digestFolder: digests) }
try? FileManager.default.removeItem(atPath: digests)
print("| PartialLoader: compute alpha `instances get` through its digest (ranges only) | \(String(format: "%.2f ms", ranged * 1000)) |")
let vision = try DocumentLoader.load(path: folder + "/vision.v1.json")
guard let annotate = vision.allMethods().first(where: { $0.method.id == "vision.images.annotate" })?.method else { exit(4) }
let arguments = [
  "requests[]", "image.source.image-uri=gs://b/cat.jpg", "features[].type=LABEL_DETECTION", "features[-1].max-results=5",
  "features[].type=TEXT_DETECTION", "..requests[]", "image.content=aGVsbG8=", "features[].type=FACE_DETECTION",
]
let cursor = median {
  for _ in 0..<1000 {
    var builder = RequestBuilder(document: vision, requestSchema: annotate.request, mode: .commandLine)
    _ = builder.apply(all: arguments)
  }
}
print("| RequestBuilder: 8 `-r` arguments on vision `images annotate`, ×1000 | \(String(format: "%.2f ms", cursor * 1000)) |")
