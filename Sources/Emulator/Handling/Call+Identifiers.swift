import Discovery

extension Call {
  /// Checks each path value against its parameter's `pattern`, as Google's front end does
  /// before a method runs: a mismatch is a 400 naming the parameter.
  func checkPathValues() throws(EmulatorError) {
    for parameter in route.method.parameters where parameter.location == .path {
      guard let value = values[parameter.name] else { continue }
      try Call.checkIdentifier(value, of: parameter, isSegment: false)
    }
  }

  /// `value` of `parameter` checked against its `pattern`; without one, an id that becomes one
  /// segment of a resource name (`isSegment`) may not contain `/`.
  static func checkIdentifier(_ value: String, of parameter: Parameter, isSegment: Bool) throws(EmulatorError) {
    if let pattern = parameter.pattern {
      // PatternMatcher counts syntax it does not know as a match: the server decides, as here.
      guard PatternMatcher.matches(value, pattern: pattern) else {
        throw .invalidArgument(
          "Invalid value '\(value)' for '\(parameter.name)': it must match \(pattern)", field: parameter.name)
      }
    } else if isSegment, value.contains("/") {
      throw .invalidArgument(
        "Invalid value '\(value)' for '\(parameter.name)': it cannot contain the character '/'", field: parameter.name)
    }
  }
}
