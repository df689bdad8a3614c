public import Discovery
public import OrderedJSON

/// Which part of a response holds the items that a filter, a limit and a projection apply to.
public enum ItemSelection: Sendable, Hashable {
  /// The response is one item (a get, an annotate).
  case whole
  /// A page of a list: the items are the array in this member (none when it is absent, as an
  /// empty page's list is).
  case member(String)

  /// Array members of a list response that are not its resources.
  public static let asideMembers: Set<String> = ["prefixes", "failedLocations", "scopedWarnings", "warnings"]

  /// The selection for `method`'s responses: a method that pages (it takes `pageToken`, or its
  /// response has `nextPageToken`) whose response schema has exactly one array besides
  /// `unreachable…` and ``asideMembers`` lists that array's items; any other response is one item.
  ///
  /// The schema, not the body, decides, so an empty page (whose list the server leaves out) is
  /// an empty list rather than one item with nothing in it.
  public init(method: APIMethod, document: DiscoveryDocument) {
    self = .whole
    guard let response = method.response.flatMap(document.resolve) else { return }
    let pages =
      method.parameters.contains { $0.name == "pageToken" }
      || response.properties.contains { $0.name == "nextPageToken" }
    guard pages else { return }
    let arrays = response.properties.filter { property in
      guard !property.name.hasPrefix("unreachable"), !Self.asideMembers.contains(property.name) else { return false }
      return document.resolve(property.schema)?.type == .array
    }
    if arrays.count == 1, let list = arrays.first { self = .member(list.name) }
  }
}

/// Applies a filter and a limit to the pages of one command, counting the items kept across
/// pages; a value without I/O.
public struct PageShaper: Sendable {
  public let selection: ItemSelection
  public let filter: FilterExpression?
  /// The most items to keep over all pages.
  public let limit: Int?
  /// The items kept so far.
  public private(set) var kept = 0

  /// A shaper over `selection` with an optional filter and limit.
  public init(selection: ItemSelection, filter: FilterExpression? = nil, limit: Int? = nil) {
    self.selection = selection
    self.filter = filter
    self.limit = limit
  }

  /// Whether the limit is reached: no further page is needed.
  public var isComplete: Bool { limit.map { kept >= $0 } ?? false }

  /// Whether documents are printed other than as they came (a filter or a limit applies).
  public var changesDocuments: Bool { filter != nil || limit != nil }

  /// The items of `page` that pass the filter, as many as the limit leaves; they count as kept.
  public mutating func items(of page: JSONValue) -> [JSONValue] {
    let candidates: [JSONValue]
    switch selection {
    case .whole: candidates = [page]
    case .member(let name): candidates = page[name]?.arrayValue ?? []
    }
    var result: [JSONValue] = []
    for item in candidates {
      guard !isComplete else { break }
      if let filter, !filter.matches(item) { continue }
      result.append(item)
      kept += 1
    }
    return result
  }

  /// `page` as it is printed as a document: a list's page with only the items kept (its other
  /// members as they came), a whole response if it is kept, else nil.
  public mutating func document(from page: JSONValue) -> JSONValue? {
    let items = items(of: page)
    switch selection {
    case .whole:
      return items.first
    case .member(let name):
      guard case .object(var object) = page, object[name] != nil else { return page }
      object[name] = .array(items)
      return .object(object)
    }
  }
}
