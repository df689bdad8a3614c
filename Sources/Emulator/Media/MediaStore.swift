/// The media bytes of resources, by resource name, held in memory up to a total size.
///
/// A value without I/O, kept in ``EmulatorState`` beside the resources' JSON. Uploads that would
/// take the total past ``limit`` are refused with a 413 (``EmulatorError/mediaTooLarge(needed:limit:)``).
public struct MediaStore: Sendable {
  /// One resource's media: its bytes and the type it was uploaded with.
  public struct Item: Sendable, Equatable {
    public var bytes: [UInt8]
    public var contentType: String

    /// Media of `contentType`.
    public init(bytes: [UInt8], contentType: String) {
      self.bytes = bytes
      self.contentType = contentType
    }
  }

  /// The most bytes held at once, over all resources and unfinished uploads.
  public let limit: Int
  private var items: [String: Item] = [:]
  /// The bytes held now.
  public private(set) var total = 0

  /// An empty store holding at most `limit` bytes.
  public init(limit: Int) { self.limit = limit }

  /// The media of the resource `name`, if any was uploaded.
  public subscript(name: String) -> Item? { items[name] }

  /// Keeps `item` as the media of `name`, replacing what it had; `reserved` bytes held elsewhere
  /// (unfinished uploads) count towards the limit.
  public mutating func store(_ item: Item, for name: String, reserved: Int = 0) throws(EmulatorError) {
    let freed = items[name]?.bytes.count ?? 0
    let needed = total - freed + reserved + item.bytes.count
    guard needed <= limit else { throw .mediaTooLarge(needed: needed, limit: limit) }
    items[name] = item
    total += item.bytes.count - freed
  }

  /// Forgets the media of `name`.
  public mutating func remove(_ name: String) {
    guard let item = items.removeValue(forKey: name) else { return }
    total -= item.bytes.count
  }
}
