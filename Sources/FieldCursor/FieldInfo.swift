/// One field reachable at the cursor, as `ls` in the REPL and help show it.
public struct FieldInfo: Sendable, Hashable {
  /// The kebab-case name typed on the command line (`max-results`).
  public let name: String
  /// The name in the JSON body (`maxResults`).
  public let jsonName: String
  /// A short type: `string`, `int32`, `enum`, `Image`, `array of Feature`, `map of string`.
  public let typeText: String
  /// The allowed values when the field (or its elements) is an enum.
  public let enumValues: [String]
  /// The first line of the field's description.
  public let summary: String
  /// Set by the server; sending it has no effect.
  public let readOnly: Bool

  /// Creates a field description.
  public init(name: String, jsonName: String, typeText: String, enumValues: [String], summary: String, readOnly: Bool) {
    self.name = name
    self.jsonName = jsonName
    self.typeText = typeText
    self.enumValues = enumValues
    self.summary = summary
    self.readOnly = readOnly
  }
}
