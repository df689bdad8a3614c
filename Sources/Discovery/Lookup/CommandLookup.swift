/// Resolves command-line words (`projects locations product-sets add-product`) to a resource or a
/// method of a document.
///
/// The Rust CLI's flattened spelling (`locations-product-sets-add-product`) is accepted too.
public enum CommandLookup {
  /// What the leading words named.
  public enum Result: Sendable {
    /// A method; `consumed` words named it, the rest are its arguments.
    case method(resourcePath: [String], method: APIMethod, consumed: Int)
    /// All words named resources (or there were none: the document's top).
    case resource(resourcePath: [String], methods: [APIMethod], resources: [Resource])
    /// Word `index` names nothing at `resourcePath`; `suggestion` is the closest name there.
    case unknown(word: String, index: Int, resourcePath: [String], suggestion: String?)
  }

  /// Resolves `words` against the document's resource tree.
  public static func resolve(_ words: [String], in document: DiscoveryDocument) -> Result {
    resolve(words[...], offset: 0, path: [], methods: document.methods, resources: document.resources)
  }

  private static func resolve(
    _ words: ArraySlice<String>, offset: Int, path: [String], methods: [APIMethod], resources: [Resource]
  ) -> Result {
    guard let word = words.first else { return .resource(resourcePath: path, methods: methods, resources: resources) }
    let rest = words.dropFirst()
    let method = methods.first { CommandLookup.word(word, names: $0.name) }
    if let resource = resources.first(where: { CommandLookup.word(word, names: $0.name) }) {
      let inner = resolve(
        rest, offset: offset + 1, path: path + [resource.name], methods: resource.methods,
        resources: resource.resources)
      // A resource and a method may share a name (apigee `attributes`): the resource wins when
      // the words go on to name something inside it, otherwise the method does.
      switch (inner, method) {
      case (.method, _), (.resource, nil), (.unknown, nil): return inner
      case (_, let method?): return .method(resourcePath: path, method: method, consumed: offset + 1)
      }
    }
    if let method { return .method(resourcePath: path, method: method, consumed: offset + 1) }
    if let (flatPath, flatMethod) = resolveFlattened(word, methods: methods, resources: resources) {
      return .method(resourcePath: path + flatPath, method: flatMethod, consumed: offset + 1)
    }
    let names = methods.map(\.kebabName) + resources.map(\.kebabName)
    return .unknown(
      word: word, index: offset, resourcePath: path,
      suggestion: Suggestions.closest(to: word, in: names).first)
  }

  /// `locations-product-sets-add-product`: resource names and a method joined by `-`.
  private static func resolveFlattened(_ word: String, methods: [APIMethod], resources: [Resource])
    -> ([String], APIMethod)?
  {
    if let method = methods.first(where: { $0.kebabName == word }) { return ([], method) }
    for resource in resources {
      let prefix = resource.kebabName + "-"
      guard word.hasPrefix(prefix) else { continue }
      let rest = String(word.dropFirst(prefix.count))
      if let (path, method) = resolveFlattened(rest, methods: resource.methods, resources: resource.resources) {
        return ([resource.name] + path, method)
      }
    }
    return nil
  }

  static func word(_ word: String, names name: String) -> Bool {
    Discovery.word(word, names: name)
  }
}
