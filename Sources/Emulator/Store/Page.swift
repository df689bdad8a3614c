public import OrderedJSON

/// One page of a list: `pageSize` items from the offset a `pageToken` names, and the token of
/// the next page when there is one.
public struct Page: Sendable, Equatable {
  /// Used when the request gives no page size (or 0), as Google's APIs have a default.
  public static let defaultSize = 50
  /// The largest page served, whatever the request asks.
  public static let maximumSize = 1000

  public let items: [JSONValue]
  public let nextPageToken: String?

  /// Cuts `items` into the page a request asks for; a token not issued here is a 400.
  public init(_ items: [JSONValue], pageSize: String?, pageToken: String?) throws(EmulatorError) {
    var size = Page.defaultSize
    if let pageSize, !pageSize.isEmpty {
      guard let value = Int(pageSize), value >= 0 else {
        throw .invalidArgument("Invalid page size '\(pageSize)': it must be a non-negative integer", field: "pageSize")
      }
      if value > 0 { size = min(value, Page.maximumSize) }
    }
    var start = 0
    if let pageToken, !pageToken.isEmpty {
      guard let offset = Page.offset(of: pageToken), offset <= items.count else {
        throw .invalidArgument("Invalid page token '\(pageToken)'", field: "pageToken")
      }
      start = offset
    }
    let end = min(start + size, items.count)
    self.items = Array(items[start..<end])
    self.nextPageToken = end < items.count ? Page.token(for: end) : nil
  }

  /// Tokens are the offset of the next item behind a prefix, so stray strings are told apart.
  static func token(for offset: Int) -> String { "page-\(offset)" }

  static func offset(of token: String) -> Int? {
    guard token.hasPrefix("page-") else { return nil }
    return Int(token.dropFirst(5)).flatMap { $0 >= 0 ? $0 : nil }
  }

  /// The list response: `{"<itemsField>": [...], "nextPageToken": "..."}`, members left out when empty.
  public func response(itemsField: String) -> JSONValue {
    var object = JSONObject()
    if !items.isEmpty { object[itemsField] = .array(items) }
    if let nextPageToken { object["nextPageToken"] = .string(nextPageToken) }
    return .object(object)
  }
}
