public import OrderedJSON
import Platform

extension DocumentLoader {
  /// Reads the document at `path` and returns it with the JSON it was decoded from, for tools
  /// that serve the document itself (the emulator's `$discovery` endpoint).
  public static func loadWithJSON(path: String) throws(DiscoveryError) -> (document: DiscoveryDocument, json: JSONValue)
  {
    let bytes = try FileReader.read(path)
    if bytes.isEmpty { throw .invalid(path, at: "", reason: "the file is empty") }
    let json: JSONValue
    do {
      json = try JSONParser.parse(bytes)
    } catch {
      throw .notJSON(path, JSONParseErrorInfo(reason: error.reason, line: error.line, column: error.column))
    }
    return (try DocumentDecoder(source: path).decode(json), json)
  }
}
