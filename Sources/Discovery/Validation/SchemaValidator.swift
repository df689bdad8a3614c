public import OrderedJSON

/// Checks a JSON value against a discovery schema, the way a Google API checks a request body.
///
/// Every problem is reported, each naming its field path (`requests[0].features[1].type`).
/// `null` is accepted anywhere because Google reads it as "not set"; read-only fields are accepted
/// because servers ignore them.
public enum SchemaValidator {
  /// One message per problem of `value` against `schema`; empty when the value is valid.
  public static func validate(
    _ value: JSONValue, against schema: Schema, in document: DiscoveryDocument, path: String = ""
  ) -> [String] {
    var problems: [String] = []
    check(value, schema, document, path, depth: 0, &problems)
    return problems
  }

  /// The deepest nesting checked, as deep as the JSON parser reads; the walk follows the value,
  /// so a recursive schema is only walked as deep as the value goes.
  static let maximumDepth = JSONParser.maximumDepth

  static func check(
    _ value: JSONValue, _ schema: Schema, _ document: DiscoveryDocument, _ path: String, depth: Int,
    _ problems: inout [String]
  ) {
    guard depth <= maximumDepth else {
      problems.append("'\(path)' is nested deeper than \(maximumDepth) levels")
      return
    }
    guard let schema = document.resolve(schema) else {
      problems.append("'\(path)' refers to the missing schema '\(schema.ref ?? "")'")
      return
    }
    if value.isNull { return }
    let expected = schema.effectiveType
    switch (expected, value) {
    case (.any, _): return
    case (.object, .object(let object)): checkObject(object, schema, document, path, depth: depth, &problems)
    case (.array, .array(let elements)):
      guard let items = schema.items else { return }
      for (index, element) in elements.enumerated() {
        check(element, items, document, "\(path)[\(index)]", depth: depth + 1, &problems)
      }
    case (.string, .string(let text)): checkString(text, schema, path, &problems)
    case (.integer, .number(let literal)):
      if !ValueFormat.isInteger(literal, format: schema.format) {
        let type = schema.format ?? "integer"
        let hint = ValueFormat.integerHint(literal, format: schema.format)
        problems.append(ValidationText.invalidValue(literal, type: type, path: path, hint: hint))
      }
    case (.number, .number(let literal)):
      if !ValueFormat.isNumber(literal, format: schema.format) {
        let hint = ValueFormat.numberHint(literal, format: schema.format)
        problems.append(ValidationText.invalidValue(literal, type: schema.format ?? "number", path: path, hint: hint))
      }
    case (.boolean, .bool): return
    default:
      var wanted = expected.rawValue
      if expected == .string, let format = schema.format, ["int64", "uint64"].contains(format) {
        wanted = "string holding an \(format)"
      }
      problems.append(ValidationText.wrongType(path: path, expected: wanted, actual: value.typeName))
    }
  }

  static func checkObject(
    _ object: JSONObject, _ schema: Schema, _ document: DiscoveryDocument, _ path: String, depth: Int,
    _ problems: inout [String]
  ) {
    for member in object {
      let memberPath = path.isEmpty ? member.key : path + "." + member.key
      if let property = schema.property(named: member.key) {
        check(member.value, property, document, memberPath, depth: depth + 1, &problems)
      } else if let values = schema.additionalProperties {
        check(member.value, values, document, memberPath, depth: depth + 1, &problems)
      } else {
        let suggestion = Suggestions.closest(to: member.key, in: schema.properties.map(\.name)).first
        let prefix = path.isEmpty ? "" : path + "."
        problems.append(ValidationText.unknownField(memberPath, suggestion: suggestion.map { prefix + $0 }))
      }
    }
  }

  static func checkString(_ text: String, _ schema: Schema, _ path: String, _ problems: inout [String]) {
    if !schema.enumValues.isEmpty {
      if !schema.enumValues.contains(text) {
        let suggestion = ValidationText.closestEnumValue(to: text, in: schema.enumValues)
        problems.append(
          ValidationText.notEnumValue(text, path: path, suggestion: suggestion, values: schema.enumValues))
      }
      return
    }
    if !ValueFormat.isValid(text, format: schema.format), let format = schema.format {
      let hint = ValueFormat.hint(for: format) ?? ValueFormat.integerHint(text, format: format)
      problems.append(ValidationText.invalidValue(text, type: format, path: path, hint: hint))
    }
  }
}
