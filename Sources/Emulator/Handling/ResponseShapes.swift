public import Discovery
public import OrderedJSON

/// Response bodies made from schemas alone, for methods that have nothing stored to answer with.
public enum ResponseShapes {
  /// The smallest valid instance of `schema`: `{}` for objects (no Discovery field is
  /// required), `[]`, `""`, `0` or `false` for the others, `{}` without a schema (`Empty`).
  public static func minimalInstance(of schema: Schema?, in document: DiscoveryDocument) -> JSONValue {
    guard let schema, let resolved = document.resolve(schema) else { return .object(JSONObject()) }
    switch resolved.effectiveType {
    case .array: return .array([])
    case .string: return .string(resolved.enumValues.first ?? "")
    case .integer, .number: return .number("0")
    case .boolean: return .bool(false)
    case .null: return .null
    case .object, .any: return .object(JSONObject())
    }
  }

  /// What a finished operation answers, as a `google.protobuf.Any` of the message `types`
  /// names: `@type`, then the request's members that message shares (so `outputConfig` comes
  /// back); only `@type` for `google.protobuf.Empty` or a message the document lacks.
  public static func operationResponse(
    _ types: OperationTypes, body: JSONValue, in document: DiscoveryDocument, typeURL: TypeURL
  ) -> JSONValue {
    var object = JSONObject([JSONObject.Member(key: "@type", value: .string(typeURL.url(forSchema: types.response)))])
    guard let schema = document.schemas[types.response], case .object(let members) = body else {
      return .object(object)
    }
    for member in members where schema.property(named: member.key) != nil {
      object[member.key] = member.value
    }
    return .object(object)
  }
}
