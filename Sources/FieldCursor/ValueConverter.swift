import Discovery
import OrderedJSON

/// Turns the text of a `-r` value into the JSON the field's schema asks for.
///
/// int32/uint32 and other integers become JSON numbers, int64/uint64 JSON strings (Google's JSON
/// mapping), doubles numbers, enums one of the document's values. An `any` field takes JSON, and
/// text that is not JSON is kept as a JSON string, so `note=hello` needs no quotes.
struct ValueConverter {
  let argument: String
  /// The field path as the argument names it, for messages.
  let path: String
  /// Where that path starts when it is not the top (`requests[0]`), for messages.
  var place: String? = nil

  /// The JSON for `text` in a field of the resolved `schema`.
  func convert(_ text: String, _ schema: Schema) throws(CursorError) -> JSONValue {
    switch schema.effectiveType {
    case .string: return try string(text, schema)
    case .integer:
      let trimmed = trim(text)
      guard ValueFormat.isInteger(trimmed, format: schema.format) else {
        throw invalid(text, schema.format ?? "integer", hint: ValueFormat.integerHint(trimmed, format: schema.format))
      }
      return .number(canonicalInteger(trimmed))
    case .number:
      let trimmed = trim(text)
      guard ValueFormat.isNumber(trimmed, format: schema.format), let number = Double(trimmed) else {
        throw invalid(text, schema.format ?? "number", hint: ValueFormat.numberHint(trimmed, format: schema.format))
      }
      if case .number(let literal)? = try? JSONParser.parse(trimmed) { return .number(literal) }
      return .double(number)
    case .boolean:
      switch trim(text).lowercased() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: throw invalid(text, "boolean", hint: "expected true or false")
      }
    case .null:
      guard trim(text) == "null" else { throw invalid(text, "null") }
      return .null
    case .any:
      return (try? JSONParser.parse(text)) ?? .string(text)
    case .object, .array:
      throw .wrongShape(argument, "'\(path)' is \(article(schema)), not a single value")
    }
  }

  func string(_ text: String, _ schema: Schema) throws(CursorError) -> JSONValue {
    if !schema.enumValues.isEmpty { return .string(try enumValue(trim(text), schema.enumValues)) }
    guard let format = schema.format else { return .string(text) }
    if format == "int64" || format == "uint64" {
      let trimmed = trim(text)
      guard ValueFormat.isInteger(trimmed, format: format) else {
        throw invalid(text, format, hint: ValueFormat.integerHint(trimmed, format: format))
      }
      return .string(canonicalInteger(trimmed))
    }
    guard ValueFormat.isValid(text, format: format) else {
      throw invalid(text, format, hint: ValueFormat.hint(for: format))
    }
    return .string(text)
  }

  /// The document's spelling of `text`: an exact value, else the one value equal ignoring case.
  func enumValue(_ text: String, _ values: [String]) throws(CursorError) -> String {
    if values.contains(text) { return text }
    let lowered = text.lowercased()
    let matches = values.filter { $0.lowercased() == lowered }
    if matches.count == 1, let match = matches.first { return match }
    let suggestion = ValidationText.closestEnumValue(to: text, in: values)
    throw .invalidValue(
      argument,
      message: ValidationText.notEnumValue(text, path: path, suggestion: suggestion, values: values, place: place))
  }

  func invalid(_ text: String, _ type: String, hint: String? = nil) -> CursorError {
    .invalidValue(
      argument, message: ValidationText.invalidValue(text, type: type, path: path, hint: hint, place: place))
  }

  /// `007` and `-0` read as the integers they are, so the body carries `7` and `0`.
  func canonicalInteger(_ text: String) -> String {
    var digits = Substring(text)
    let negative = digits.first == "-"
    if negative { digits = digits.dropFirst() }
    while digits.count > 1, digits.first == "0" { digits = digits.dropFirst() }
    return (negative && digits != "0" ? "-" : "") + digits
  }

  func trim(_ text: String) -> String {
    var slice = Substring(text)
    while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
    while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
    return String(slice)
  }

  func article(_ schema: Schema) -> String {
    switch schema.effectiveType {
    case .array: "a list"
    case .object: schema.properties.isEmpty && schema.additionalProperties != nil ? "a map" : "an object"
    default: "a value"
    }
  }
}
