public import Discovery

/// Every route of a document, built once and then only read: the emulator's frozen router.
public struct RouteTable: Sendable {
  /// Routes, most specific (most literal text) first.
  public let routes: [Route]

  /// Builds the routes of every method of `document`, with its media upload paths.
  public init(document: DiscoveryDocument) {
    var routes: [Route] = []
    for (resourcePath, method) in document.allMethods() {
      let shape = MethodShape.of(method, resourcePath: resourcePath, in: document)
      routes.append(Route(method: method, resourcePath: resourcePath, shape: shape, servicePath: document.servicePath))
      for upload in method.mediaUpload?.protocols ?? []
      where upload.path.hasPrefix("/upload/") || upload.path.hasPrefix("/resumable/upload/") {
        routes.append(
          Route(
            method: method, resourcePath: resourcePath, shape: shape, servicePath: document.servicePath,
            uploadPath: upload.path))
      }
    }
    self.routes = routes.enumerated().sorted { left, right in
      let (a, b) = (left.element.matchTemplate.literalLength, right.element.matchTemplate.literalLength)
      return a != b ? a > b : left.offset < right.offset
    }.map(\.element)
  }

  /// The route for an HTTP method and a raw request path (without the leading `/` and the
  /// query), with the path parameters' decoded values.
  public func match(httpMethod: String, path: String) -> (route: Route, values: [String: String])? {
    let verb = httpMethod.uppercased()
    for route in routes where route.method.httpMethod.uppercased() == verb {
      if let values = route.match(path) { return (route, values) }
    }
    return nil
  }
}
