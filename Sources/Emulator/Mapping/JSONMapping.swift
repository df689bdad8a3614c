public import Discovery
public import OrderedJSON

/// Google's JSON mapping of protocol buffers (proto3 JSON), as the emulator reads and writes it.
///
/// Clients may send an enum by name or by number (its index in the schema's `enum` list, which
/// Google's documents give in proto order, value 0 first) and an int64 as a number or a string;
/// the emulator stores names and strings. Answers carry int64s as strings and enums as names,
/// or as numbers when the request asked `$alt=json;enum-encoding=int` (as Google's REST client
/// libraries do). `Any` values are walked against the schema their `@type` names.
public enum JSONMapping {
  /// How enums are written in an answer.
  public enum EnumEncoding: Sendable, Equatable {
    case names
    case numbers
  }

  /// `numbers` when a `$alt` or `alt` query value is `json;enum-encoding=int`.
  public static func enumEncoding(query: [(name: String, value: String)]) -> EnumEncoding {
    for item in query where item.name == "$alt" || item.name == "alt" {
      let options = item.value.split(separator: ";").map { $0.trimmingPrefix(" ").lowercased() }
      if options.dropFirst().contains("enum-encoding=int") { return .numbers }
    }
    return .names
  }

  /// A request body as the emulator keeps it.
  ///
  /// Enum numbers (and numeric strings) become names, int64 numbers become strings, integer fields given as strings become numbers. Values that
  /// do not fit are left for ``Discovery/SchemaValidator`` to report.
  public static func request(
    _ value: JSONValue, schema: Schema, in document: DiscoveryDocument, types: TypeURL? = nil
  ) -> JSONValue {
    Walk(document: document, types: types ?? TypeURL(document: document), direction: .request).value(
      value, schema, depth: 0)
  }

  /// An answer as Google writes it: int64s as strings, enums as names or numbers, `@type` first
  /// in every `Any` value.
  public static func response(
    _ value: JSONValue, schema: Schema?, in document: DiscoveryDocument, enums: EnumEncoding, types: TypeURL? = nil
  ) -> JSONValue {
    guard let schema else { return value }
    return Walk(document: document, types: types ?? TypeURL(document: document), direction: .response(enums)).value(
      value, schema, depth: 0)
  }

  /// True for the discovery form of `google.protobuf.Any`: an object of free keys whose values
  /// are `any`, described as holding `@type` (a `Struct` has the same shape without it).
  static func isAny(_ schema: Schema) -> Bool {
    guard schema.properties.isEmpty, let values = schema.additionalProperties, values.type == .any else {
      return false
    }
    return values.description?.contains("@type") ?? false
  }

  /// The value `@type` first, as Google writes an `Any`.
  static func typeFirst(_ object: JSONObject) -> JSONObject {
    guard let index = object.firstIndex(where: { $0.key == "@type" }), index != object.startIndex else {
      return object
    }
    var members = object.members
    let type = members.remove(at: index)
    members.insert(type, at: 0)
    return JSONObject(members)
  }

  /// One pass over a value and its schema in one direction.
  struct Walk {
    enum Direction {
      case request
      case response(EnumEncoding)
    }

    let document: DiscoveryDocument
    let types: TypeURL
    let direction: Direction

    func value(_ value: JSONValue, _ schema: Schema, depth: Int) -> JSONValue {
      // The parser bounds nesting already; this bound only guards a value built in code.
      guard depth <= JSONParser.maximumDepth, let schema = document.resolve(schema) else { return value }
      switch (schema.effectiveType, value) {
      case (.object, .object(let object)):
        if isAny(schema) { return .object(any(object, depth: depth)) }
        var result = JSONObject()
        for member in object {
          let memberSchema = schema.property(named: member.key) ?? schema.additionalProperties
          let converted = memberSchema.map { self.value(member.value, $0, depth: depth + 1) } ?? member.value
          result.append(key: member.key, value: converted)
        }
        return .object(result)
      case (.array, .array(let elements)):
        guard let items = schema.items else { return value }
        return .array(elements.map { self.value($0, items, depth: depth + 1) })
      case (.string, _) where !schema.enumValues.isEmpty: return enumValue(value, schema.enumValues)
      case (.string, .number(let literal)) where Self.isWide(schema.format):
        return Self.isIntegerLiteral(literal) ? .string(literal) : value
      case (.integer, .number(let literal)) where Self.isWide(schema.format):
        if case .response = direction, Self.isIntegerLiteral(literal) { return .string(literal) }
        return value
      case (.integer, .string(let text)):
        if case .request = direction, Self.isIntegerLiteral(text) { return .number(text) }
        return value
      default: return value
      }
    }

    /// An enum in this walk's direction; a value that names no enum value stays as it is.
    func enumValue(_ value: JSONValue, _ names: [String]) -> JSONValue {
      switch (direction, value) {
      case (.request, .number(let literal)), (.request, .string(let literal)):
        if case .string(let text) = value, names.contains(text) { return value }
        guard let index = Int(literal), names.indices.contains(index) else { return value }
        return .string(names[index])
      case (.response(.numbers), .string(let text)):
        guard let index = names.firstIndex(of: text) else { return value }
        return .integer(index)
      default: return value
      }
    }

    /// An `Any`: `@type` first, the other members walked against the schema it names (when
    /// the document has it).
    func any(_ object: JSONObject, depth: Int) -> JSONObject {
      let ordered = typeFirst(object)
      guard let url = object["@type"]?.stringValue, let schema = types.schema(for: url) else {
        return ordered
      }
      guard case .object(let walked) = value(.object(ordered), schema, depth: depth + 1) else { return ordered }
      return walked
    }

    /// int64 and uint64: JSON strings in proto3 JSON, since a double cannot hold every value.
    static func isWide(_ format: String?) -> Bool { format == "int64" || format == "uint64" }

    static func isIntegerLiteral(_ text: String) -> Bool {
      let digits = text.hasPrefix("-") ? text.dropFirst() : text[...]
      return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
  }
}
