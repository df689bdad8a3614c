import Configurations
import Testing

/// Where each value comes from: a flag beats the environment, which beats the configuration.
@Suite struct SettingsTests {
  static func settings(
    flags: [String: String] = [:], environment: [String: String] = [:], configuration: String = ""
  ) -> Settings {
    Settings(
      flags: flags, environment: environment, configuration: ConfigurationValues(text: configuration),
      configurationName: "work")
  }

  @Test func aFlagBeatsTheEnvironmentWhichBeatsTheConfiguration() {
    let configuration = "billing-project = from-file\n"
    let environment = ["GOOGLE_CLOUD_QUOTA_PROJECT": "from-env"]
    #expect(
      Self.settings(flags: ["billing-project": "from-flag"], environment: environment, configuration: configuration)[
        "billing-project"] == Settings.Setting(value: "from-flag", origin: "--billing-project"))
    #expect(
      Self.settings(environment: environment, configuration: configuration)["billing-project"]
        == Settings.Setting(value: "from-env", origin: "environment GOOGLE_CLOUD_QUOTA_PROJECT"))
    #expect(
      Self.settings(configuration: configuration)["billing-project"]
        == Settings.Setting(value: "from-file", origin: "configuration 'work'"))
    // An empty variable is unset, as in gcloud.
    #expect(
      Self.settings(environment: ["GOOGLE_CLOUD_QUOTA_PROJECT": ""], configuration: configuration)["billing-project"]?
        .value == "from-file")
    #expect(Self.settings()["billing-project"] == nil)
  }

  @Test func endpointOverridesComeFromTheConfigurationAndCloudSDKVariables() {
    let settings = Self.settings(
      environment: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": "http://127.0.0.1:9/"],
      configuration:
        "api-endpoint-overrides/vision = http://127.0.0.1:8/\napi-endpoint-overrides/iamcredentials = http://x/\n"
    )
    #expect(settings.endpointOverrides == ["iamcredentials": "http://127.0.0.1:9/", "vision": "http://127.0.0.1:8/"])
    #expect(
      settings["api-endpoint-overrides/iamcredentials"]?.origin
        == "environment CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS")
    #expect(settings.all.map(\.name) == ["api-endpoint-overrides/iamcredentials", "api-endpoint-overrides/vision"])
  }

  @Test func valuesAreCheckedByKind() {
    func problem(_ name: String, _ value: String) -> String? { ConfigurationProperty.named(name)?.problem(with: value) }
    #expect(problem("retries", "3") == nil)
    #expect(problem("retries", "-1") == "'-1' is not a count from 0 to 100")
    #expect(problem("timeout", "0") == "'0' is not a number of seconds above 0")
    #expect(problem("timeout", "nan") == "'nan' is not a number of seconds above 0")
    #expect(
      problem("format", "xml") == "'xml' is not a format; use one of json, yaml, ndjson, value(…), table(…), csv(…)")
    #expect(problem("format", "table(name, create-time)") == nil)
    #expect(problem("format", "csv(name") == "'csv(name': expected ',' or ')' after the key 'name' at column 9")
    #expect(ConfigurationProperty.named("format")?.choices == ["json", "yaml", "ndjson"])
    #expect(problem("endpoint", "ftp://x") == "'ftp://x' is not an http:// or https:// URL")
    #expect(problem("api-endpoint-overrides/vision", "http://127.0.0.1:1/") == nil)
    #expect(problem("impersonate-service-account", "a@x,,b@x") != nil)
    #expect(problem("account", "a\nb") == "'a\nb' has a control character")
    #expect(ConfigurationProperty.named("api-endpoint-overrides/") == nil)
    #expect(ConfigurationProperty.named("nope") == nil)
  }

  @Test func theFileFormatSurvivesHandEditing() {
    let values = ConfigurationValues(
      text:
        "# comment\n[core]\n  account = a@example.com  \r\nnoequals\n=novalue\nendpoint=http://h/?a=b\naccount = b@example.com\n"
    )
    #expect(values.pairs.map(\.name) == ["account", "endpoint"])
    #expect(values["account"] == "b@example.com")
    #expect(values["endpoint"] == "http://h/?a=b")
    #expect(ConfigurationValues(text: values.text) == values)
    let windows = ConfigurationValues(text: "account = a@example.com\r\nformat = yaml\r\n")
    #expect(windows["account"] == "a@example.com")
    #expect(windows["format"] == "yaml")
    var edited = values
    edited["account"] = nil
    #expect(edited.text == "endpoint = http://h/?a=b\n")
  }
}
