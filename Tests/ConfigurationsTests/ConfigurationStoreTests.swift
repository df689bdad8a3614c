import Configurations
import Foundation
import TestSupport
import Testing

/// Configurations on disk: created, activated, listed, deleted, mode 0600.
@Suite struct ConfigurationStoreTests {
  @Test func configurationsAreKeptApartAndPrivate() throws {
    let folder = try temporaryFolder("configurations")
    let store = ConfigurationStore(directory: folder)
    #expect(store.names() == ["default"])
    #expect(store.activeName() == "default")
    try store.create("work")
    try store.activate("work")
    #expect(store.activeName() == "work")
    #expect(store.activeName(selected: "default") == "default")
    var work = ConfigurationValues()
    work["account"] = "w@example.com"
    try store.save(work, as: "work")
    var home = ConfigurationValues()
    home["account"] = "h@example.com"
    try store.save(home, as: "default")
    #expect(try store.values(of: "work")["account"] == "w@example.com")
    #expect(try store.values(of: "default")["account"] == "h@example.com")
    let attributes = try FileManager.default.attributesOfItem(atPath: store.path(of: "work"))
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    #expect(store.names() == ["default", "work"])
    #expect(throws: ConfigurationStore.Failure.self) { try store.delete("work", active: "work") }
    try store.activate("default")
    try store.delete("work", active: "default")
    #expect(store.names() == ["default"])
  }

  @Test func badNamesAndUnknownConfigurationsAreNamed() throws {
    let store = ConfigurationStore(directory: try temporaryFolder("configurations"))
    try store.create("work")
    func message(_ body: () throws -> Void) -> String? {
      do {
        try body()
        return nil
      } catch { return (error as? ConfigurationStore.Failure)?.message ?? "\(error)" }
    }
    #expect(
      message { try store.create("../x") }
        == "'../x' is not a configuration name: start with a lowercase letter, then lowercase letters, digits or '-'")
    #expect(message { try store.create("work") } == "configuration 'work' already exists")
    #expect(
      message { try store.activate("wrok") }
        == "no configuration named 'wrok'; configurations: default, work. Did you mean 'work'?")
    #expect(message { try store.delete("default", active: "work") } == "configuration 'default' cannot be deleted")
  }

  @Test func aDamagedActiveFileFallsBackToDefault() throws {
    let folder = try temporaryFolder("configurations")
    try "../../etc\n".write(toFile: folder + "/active_config", atomically: true, encoding: .utf8)
    #expect(ConfigurationStore(directory: folder).activeName() == "default")
  }
}
