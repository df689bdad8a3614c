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

  /// What a finished operation started by `method` answers: the response schema named like the
  /// request (`AsyncBatchAnnotateImagesRequest` → `…Response`) holding the request's members it
  /// shares (so `outputConfig` comes back), or `{}`.
  public static func operationResponse(for method: APIMethod, body: JSONValue, in document: DiscoveryDocument)
    -> JSONValue
  {
    guard let request = method.request?.ref, request.hasSuffix("Request"),
      let schema = document.schemas[String(request.dropLast("Request".count)) + "Response"],
      case .object(let members) = body
    else { return .object(JSONObject()) }
    var object = JSONObject()
    for member in members where schema.property(named: member.key) != nil {
      object[member.key] = member.value
    }
    return .object(object)
  }
}
