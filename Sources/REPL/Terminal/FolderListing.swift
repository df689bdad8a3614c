#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Folder listings for completing file names (`load`, `save`, `=@file`).
enum FolderListing {
  /// The entries of a folder (none when it cannot be read), without `.` and `..`.
  static func entries(in folder: String) -> [FileEntry] {
    guard let directory = opendir(folder) else { return [] }
    defer { closedir(directory) }
    var entries: [FileEntry] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name == "." || name == ".." { continue }
      var info = stat()
      let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
      let isFolder = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      entries.append(FileEntry(name: name, isFolder: isFolder))
    }
    return entries
  }
}
