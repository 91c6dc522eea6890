/// A provider (`openai`, `azure`) and the deployment types it sells image models under.
public struct ProviderSpec: Hashable, Sendable {
  public let id: String
  public let name: String
  public let deploymentTypes: [String]
  /// Used when `--deployment-type` is not given.
  public let defaultDeploymentType: String
  public let location: SourceLocation

  public init(id: String, name: String, deploymentTypes: [String], defaultDeploymentType: String, location: SourceLocation) {
    self.id = id
    self.name = name
    self.deploymentTypes = deploymentTypes
    self.defaultDeploymentType = defaultDeploymentType
    self.location = location
  }
}
