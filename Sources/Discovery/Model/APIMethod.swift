/// One REST method of a discovery document, such as `vision.operations.cancel`.
public struct APIMethod: Sendable {
  /// The key under `methods` (`cancel`, `asyncBatchAnnotate`).
  public let name: String
  /// The document's unique id, such as `vision.operations.cancel`.
  public let id: String
  /// The HTTP method: GET, POST, PATCH, PUT or DELETE.
  public let httpMethod: String
  /// The URI template relative to the service path, such as `v1/{+name}:cancel`.
  public let path: String
  /// The same path with every variable flattened to one segment, when the document has one.
  public let flatPath: String?
  public let description: String?
  /// The method's parameters in document order.
  public let parameters: [Parameter]
  /// The names of the parameters that are given in order on the command line.
  public let parameterOrder: [String]
  /// The request body schema (usually a `$ref`).
  public let request: Schema?
  /// The response body schema (usually a `$ref`).
  public let response: Schema?
  /// OAuth scopes, the first being the default.
  public let scopes: [String]
  public let mediaUpload: MediaUpload?
  public let supportsMediaUpload: Bool
  public let supportsMediaDownload: Bool
  public let useMediaDownloadService: Bool
  public let supportsSubscription: Bool
  public let deprecated: Bool
  public let apiVersion: String?

  /// Creates a method; the loader is the usual caller.
  public init(
    name: String, id: String, httpMethod: String, path: String, flatPath: String? = nil,
    description: String? = nil, parameters: [Parameter] = [], parameterOrder: [String] = [],
    request: Schema? = nil, response: Schema? = nil, scopes: [String] = [], mediaUpload: MediaUpload? = nil,
    supportsMediaUpload: Bool = false, supportsMediaDownload: Bool = false, useMediaDownloadService: Bool = false,
    supportsSubscription: Bool = false, deprecated: Bool = false, apiVersion: String? = nil
  ) {
    self.name = name
    self.id = id
    self.httpMethod = httpMethod
    self.path = path
    self.flatPath = flatPath
    self.description = description
    self.parameters = parameters
    self.parameterOrder = parameterOrder
    self.request = request
    self.response = response
    self.scopes = scopes
    self.mediaUpload = mediaUpload
    self.supportsMediaUpload = supportsMediaUpload
    self.supportsMediaDownload = supportsMediaDownload
    self.useMediaDownloadService = useMediaDownloadService
    self.supportsSubscription = supportsSubscription
    self.deprecated = deprecated
    self.apiVersion = apiVersion
  }

  /// The command-line spelling of the name (`async-batch-annotate`).
  public var kebabName: String { kebabCase(name) }

  /// The parameter named `name` (document spelling), if any.
  public func parameter(named name: String) -> Parameter? {
    parameters.first { $0.name == name }
  }

  /// The positional arguments: `parameterOrder`, then every other required parameter.
  public var positionalParameters: [Parameter] {
    var result = parameterOrder.compactMap { parameter(named: $0) }
    for parameter in parameters where parameter.required && !parameterOrder.contains(parameter.name) {
      result.append(parameter)
    }
    return result
  }
}

/// How a method accepts media uploads (`mediaUpload`).
public struct MediaUpload: Sendable {
  /// One upload protocol (`simple` or `resumable`) and the path it posts to.
  public struct UploadProtocol: Sendable {
    public let name: String
    public let multipart: Bool
    public let path: String

    public init(name: String, multipart: Bool, path: String) {
      self.name = name
      self.multipart = multipart
      self.path = path
    }
  }

  /// Accepted MIME ranges, such as `image/*`.
  public let accept: [String]
  /// The largest accepted upload, as the document writes it (`5120GB`).
  public let maxSize: String?
  public let protocols: [UploadProtocol]

  public init(accept: [String], maxSize: String?, protocols: [UploadProtocol]) {
    self.accept = accept
    self.maxSize = maxSize
    self.protocols = protocols
  }
}
