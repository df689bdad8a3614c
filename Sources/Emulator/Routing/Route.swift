public import Discovery

/// One servable path of a method: its regular path, or one of its `/upload/...` media paths.
public struct Route: Sendable {
  public let method: APIMethod
  /// The resource names leading to the method (`projects`, `locations`, `products`).
  public let resourcePath: [String]
  public let shape: MethodShape
  /// True for a media upload path, whose body is media rather than JSON.
  public let isUpload: Bool
  /// What request paths are matched against: the flat path when the document has one (each
  /// variable one segment, so `v1/{+name}` of products and of operations stay apart).
  let matchTemplate: PathTemplate
  /// Where the path parameters' values are read from (the `{+name}` form).
  let valueTemplate: PathTemplate
  /// The method's own path, from which stored resource names are made.
  let keyTemplate: PathTemplate

  init(method: APIMethod, resourcePath: [String], shape: MethodShape, servicePath: String, uploadPath: String? = nil) {
    self.method = method
    self.resourcePath = resourcePath
    self.shape = shape
    self.keyTemplate = PathTemplate(method.path)
    if let uploadPath {
      // Upload paths are absolute (`/upload/storage/v1/b/{bucket}/o`).
      let template = PathTemplate(String(uploadPath.drop { $0 == "/" }))
      self.isUpload = true
      self.matchTemplate = template
      self.valueTemplate = template
    } else {
      self.isUpload = false
      self.matchTemplate = PathTemplate(servicePath + (method.flatPath ?? method.path))
      self.valueTemplate = PathTemplate(servicePath + method.path)
    }
  }

  /// The path parameters when `path` (no leading `/`, no query) is this route's, else nil.
  func match(_ path: String) -> [String: String]? {
    guard matchTemplate.match(path) != nil else { return nil }
    return valueTemplate.match(path)
  }

  /// The resource name a call addresses, such as `projects/p/locations/l/products/x`.
  ///
  /// It is the method path expanded, without its leading version segment (`v1`) and its custom
  /// verb (`:cancel`).
  func resourceName(_ values: [String: String]) -> String {
    var text = keyTemplate.expand(values)
    if case .literal(let bytes)? = keyTemplate.parts.last {
      let tail = String(decoding: bytes, as: UTF8.self)
      let lastSegment = tail.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
      if let colon = lastSegment.firstIndex(of: ":") {
        let verbLength = lastSegment[colon...].count
        text = String(text.dropLast(verbLength))
      }
    }
    var segments = text.split(separator: "/", omittingEmptySubsequences: false)
    if segments.count > 1, let first = segments.first, Self.isVersion(first) { segments.removeFirst() }
    return segments.joined(separator: "/")
  }

  /// `v1`, `v1beta2`, `v3alpha`: the version segment many paths start with.
  static func isVersion(_ segment: Substring) -> Bool {
    let characters = Array(segment)
    return characters.count >= 2 && characters[0] == "v" && characters[1].isNumber
  }
}
