import Discovery

/// Reads `-p name=value` arguments: finds the method or global parameter by kebab-case or
/// original name, checks the value's type, and sorts credentials out of the URL.
struct ParameterReader {
  let document: DiscoveryDocument
  let method: APIMethod
  /// Query parameters in the order given (document names).
  var query: [(name: String, value: String)] = []
  /// `-p access-token=` / `-p oauth-token=`: sent as a header, never in the URL.
  var bearerToken: String?
  var problems: [UsageProblem] = []
  private var seen: Set<String> = []

  init(document: DiscoveryDocument, method: APIMethod) {
    self.document = document
    self.method = method
  }

  /// Parameters `-p` may name: the method's query parameters, then the document's globals.
  var candidates: [Parameter] {
    method.parameters.filter { $0.location == .query && !method.parameterOrder.contains($0.name) }
      + document.parameters.filter { global in !method.parameters.contains { $0.name == global.name } }
  }

  mutating func read(_ text: String) {
    let argument = "-p \(text)"
    guard let equals = text.firstIndex(of: "=") else {
      problems.append(UsageProblem("Expected <name>=<value>", argument: argument))
      return
    }
    let name = String(text[..<equals])
    let value = String(text[text.index(after: equals)...])
    if ["access-token", "access_token", "oauth-token", "oauth_token"].contains(name) {
      bearerToken = value
      return
    }
    if let positional = method.positionalParameters.first(where: { word(name, names: $0.name) }) {
      // A repeated query parameter takes its first value positionally and more with -p
      // (DESIGN.md section 1: "Repeated parameters repeat -p"), as youtube's `part`.
      if positional.location == .query, positional.repeated {
        switch Self.check(value, for: positional) {
        case .success(let normalised): query.append((positional.name, normalised))
        case .failure(let problem): problems.append(UsageProblem(problem.message, argument: argument))
        }
        return
      }
      problems.append(
        UsageProblem(
          "<\(positional.kebabName)> is a positional argument of \(method.id), not a -p parameter", argument: argument))
      return
    }
    guard let parameter = candidates.first(where: { word(name, names: $0.name) }) else {
      let suggestion = Suggestions.closest(to: name, in: candidates.map(\.kebabName)).first
      problems.append(UsageProblem("Unknown parameter '\(name)'.\(didYouMean(suggestion))", argument: argument))
      return
    }
    if !parameter.repeated, !seen.insert(parameter.name).inserted {
      problems.append(
        UsageProblem("'\(parameter.kebabName)' is given more than once and is not repeated", argument: argument))
      return
    }
    switch Self.check(value, for: parameter) {
    case .success(let normalised): query.append((parameter.name, normalised))
    case .failure(let problem): problems.append(UsageProblem(problem.message, argument: argument))
    }
  }

  /// The value checked against the parameter's type, format and enum, normalised.
  static func check(_ value: String, for parameter: Parameter) -> Result<String, UsageProblem> {
    let name = parameter.kebabName
    if !parameter.enumValues.isEmpty {
      if parameter.enumValues.contains(value) { return .success(value) }
      let matches = parameter.enumValues.filter { $0.lowercased() == value.lowercased() }
      if matches.count == 1 { return .success(matches[0]) }
      let suggestion = Suggestions.closest(to: value, in: parameter.enumValues).first
      return .failure(
        UsageProblem(
          ValidationText.notEnumValue(value, path: name, suggestion: suggestion, values: parameter.enumValues)))
    }
    switch (parameter.type, parameter.format) {
    case (.integer, "uint32"), (.string, "uint64"), (.integer, "uint64"):
      guard UInt64(value) != nil, parameter.format != "uint32" || UInt32(value) != nil else {
        return .failure(UsageProblem("'\(value)' is not a valid \(parameter.format ?? "integer") for '\(name)'"))
      }
    case (.integer, _), (.string, "int64"):
      guard let number = Int64(value), parameter.format != "int32" || Int32(exactly: number) != nil else {
        return .failure(UsageProblem("'\(value)' is not a valid \(parameter.format ?? "integer") for '\(name)'"))
      }
      if let minimum = parameter.minimum.flatMap({ Int64($0) }), number < minimum {
        return .failure(UsageProblem("'\(value)' is below the minimum \(minimum) of '\(name)'"))
      }
      if let maximum = parameter.maximum.flatMap({ Int64($0) }), number > maximum {
        return .failure(UsageProblem("'\(value)' is above the maximum \(maximum) of '\(name)'"))
      }
    case (.number, _):
      guard ValueFormat.isNumber(value, format: parameter.format) else {
        let type = parameter.format ?? "number"
        let hint = ValueFormat.numberHint(value, format: parameter.format).map { " (\($0))" } ?? ""
        return .failure(UsageProblem("'\(value)' is not a valid \(type) for '\(name)'\(hint)"))
      }
    case (.boolean, _):
      let lowered = value.lowercased()
      guard lowered == "true" || lowered == "false" else {
        return .failure(UsageProblem("'\(value)' is not a boolean (true or false) for '\(name)'"))
      }
      return .success(lowered)
    default:
      break
    }
    return .success(value)
  }
}
