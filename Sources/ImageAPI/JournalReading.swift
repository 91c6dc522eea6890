import CostCore
import Foundation

extension JournalEntry {
  /// The priced request shape, rebuilt from the journalled parameters (`request_json`).
  public var imageRequest: ImageRequest? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(record.requestJSON.utf8)) as? [String: Any] else { return nil }
    let operation = (object["operation"] as? String).flatMap(ImageOperation.init(rawValue:)) ?? (record.operation == "edit" ? .edit : .generate)
    return ImageRequest(
      model: object["model"] as? String ?? record.model, provider: object["provider"] as? String ?? record.provider,
      deploymentType: object["deployment_type"] as? String, region: object["region"] as? String, operation: operation,
      quality: object["quality"] as? String, size: (object["size"] as? String).flatMap(ImageSize.init), n: object["n"] as? Int ?? 1,
      inputImages: (object["input_sizes"] as? [String] ?? []).compactMap(ImageSize.init), inputFidelity: object["input_fidelity"] as? String,
      partialImages: object["partial_images"] as? Int ?? 0)
  }

  /// The day the call ran: the date of `finished_at`, else of `started_at`.
  public var day: CivilDate? {
    let stamp = outcome?.finishedAt ?? record.startedAt
    return CivilDate(String(stamp.prefix(10)))
  }

  /// The entry as the reconciler needs it; nil when its parameters cannot be read.
  public func reconcileInput(fallbackDay: CivilDate) -> ReconcileInput? {
    guard let request = imageRequest else { return nil }
    return ReconcileInput(
      callID: record.callID, group: record.group, request: request, state: state, predicted: record.predicted,
      predictedTokens: record.predictedTokens, usage: outcome?.usage,
      charged: outcome?.charged ?? record.worstCase + record.chargedBefore,
      worstCase: record.worstCase, day: day ?? fallbackDay)
  }
}
