import Discovery
import Emulator
import OrderedJSON

/// The pinned vision v1 document and its JSON, loaded once.
let vision: (document: DiscoveryDocument, json: JSONValue)? = try? DocumentLoader.loadWithJSON(
  path: DocumentLocator.projectDescriptionsFolder + "/vision.v1.json")

/// The vision document, or a thrown error when scripts/bootstrap has not fetched it.
func visionDocument() throws -> DiscoveryDocument {
  guard let vision else { throw MissingFixture(name: "api-descriptions/vision.v1.json") }
  return vision.document
}

/// Loads `<api>.<version>.json` from api-descriptions/.
func bundledDocument(_ file: String) throws -> DiscoveryDocument {
  try DocumentLoader.load(path: DocumentLocator.projectDescriptionsFolder + "/" + file)
}

struct MissingFixture: Error {
  let name: String
}

/// Parses JSON text for comparisons, failing the test on bad text.
func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

/// `value` without the members that hold the time of the run (`timeCreated`, `updated`), for
/// literal comparisons of Cloud Storage resources.
func withoutTimes(_ value: JSONValue) -> JSONValue {
  guard case .object(let object) = value else { return value }
  return .object(JSONObject(object.members.filter { $0.key != "timeCreated" && $0.key != "updated" }))
}
