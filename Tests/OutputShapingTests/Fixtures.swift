import OrderedJSON

/// Parses JSON written in a test; a mistake in a fixture fails the test that uses it.
func json(_ text: String) -> JSONValue {
  (try? JSONParser.parse(text)) ?? .string("unparsable fixture: \(text)")
}

/// Three operations as a list method answers them: nested objects, a map, repeated fields, an
/// int64 in a string, numbers of several kinds, missing members.
let operations: [JSONValue] = [
  json(
    #"""
    {"name":"operations/alpha","done":true,
     "metadata":{"createTime":"2024-01-05T10:00:00Z","progressPercent":100},
     "labels":{"env":"prod","team":"vision"},"tags":["red","blue"],"size":"9007199254740993","count":12,
     "description":"say \"hi\", then go"}
    """#),
  json(
    #"""
    {"name":"operations/beta","done":false,
     "metadata":{"createTime":"2024-02-01T00:00:00Z","progressPercent":40},
     "labels":{"env":"dev"},"tags":[],"size":"10","count":3.5}
    """#),
  json(
    #"""
    {"name":"operations/Gamma-1","metadata":{"progressPercent":"7"},"tags":["green"],"count":-1,
     "description":"line\nnext \u001b[2J\u0007 tab\tend"}
    """#),
]

/// The `name` of each item.
func names(_ items: [JSONValue]) -> [String] { items.map { $0["name"]?.stringValue ?? "?" } }
