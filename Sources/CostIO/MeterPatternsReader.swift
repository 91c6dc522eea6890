import CostCore
import Yams

/// Reads the price book's `meter_patterns` section (see ``MeterPatterns``):
///
/// ```yaml
/// meter_patterns:
///   provider: azure
///   synonyms: {global: [glbl, gl], …}                       # canonical word: spellings
///   skip_words: [ft, rt, provisioned]                        # meters with these words are not priced here
///   models: [{model: gpt-image-1-mini, words: [gpt, image, "1", mini]}, …]
///   deployment_types: [{deployment_type: datazone-batch, all: [datazone, batch]}, …, {deployment_type: regional, all: [regional], per_region: true}]
///   components: [{component: cached_image_input, all: [cached, image, input]}, …]
///   images: [{model: dall-e-3, all: [standard, lowres], quality: standard, sizes: [1024x1024]}, …]
///   secondary_errors: [{source: litellm, provider: azure, model: dall-e-3, reason: "…"}]
/// ```
enum MeterPatternsReader {
  static func read(_ node: Node, _ reader: YAMLReader, into patterns: inout MeterPatterns) {
    if let earlier = patterns.location {
      reader.report(node, "meter_patterns", "meter_patterns is already defined at \(earlier)")
      return
    }
    guard
      let f = reader.fields(
        node, "meter_patterns",
        allowed: ["provider", "synonyms", "skip_words", "models", "deployment_types", "components", "images", "secondary_errors"],
        required: ["provider", "synonyms", "models", "deployment_types", "components"])
    else { return }
    var result = MeterPatterns(location: f.location)
    result.provider = f.string("provider") ?? ""
    if let s = f["synonyms"], let pairs = reader.mapping(s, f.path("synonyms")) {
      for (canonical, spellings) in pairs {
        for spelling in reader.strings(spellings, "\(f.path("synonyms")).\(canonical)") ?? [] {
          let key = spelling.lowercased()
          if let other = result.synonyms[key], other != canonical.lowercased() {
            reader.report(spellings, "\(f.path("synonyms")).\(canonical)", "'\(spelling)' is already a spelling of '\(other)'")
          }
          result.synonyms[key] = canonical.lowercased()
        }
      }
    }
    func words(_ list: [String]) -> [String] { list.map { result.synonyms[$0.lowercased()] ?? $0.lowercased() } }
    result.skipWords = Set(words(f.strings("skip_words") ?? []))
    func items(_ key: String, allowed: Set<String>, required: [String], _ body: (Fields) -> Void) {
      guard let list = f[key].flatMap({ reader.sequence($0, f.path(key)) }) else { return }
      for (index, item) in list.enumerated() {
        if let fields = reader.fields(item, "\(f.path(key))[\(index)]", allowed: allowed, required: required) { body(fields) }
      }
    }
    items("models", allowed: ["model", "words"], required: ["model", "words"]) { m in
      guard let model = m.string("model"), let list = m.strings("words") else { return }
      if list.isEmpty { m.report("words", "give at least one word") }
      result.models.append(MeterPatterns.ModelPattern(model: model, words: words(list), location: m.location))
    }
    items("deployment_types", allowed: ["deployment_type", "all", "none", "per_region"], required: ["deployment_type", "all"]) { d in
      guard let type = d.string("deployment_type"), let all = d.strings("all") else { return }
      result.deploymentTypes.append(
        MeterPatterns.Rule(
          value: type, all: words(all), none: words(d.strings("none") ?? []), perRegion: d.has("per_region") ? d.bool("per_region") ?? false : false,
          location: d.location))
    }
    items("components", allowed: ["component", "all", "none"], required: ["component", "all"]) { c in
      guard let text = c.string("component"), let all = c.strings("all") else { return }
      guard let kind = ComponentKind(rawValue: text), kind != .image else {
        c.report(
          "component",
          "unknown component '\(text)'; use \(ComponentKind.allCases.filter { $0 != .image }.map(\.rawValue).joined(separator: ", ")) (per-image meters go under images)"
        )
        return
      }
      result.components.append(MeterPatterns.Rule(value: kind.rawValue, all: words(all), none: words(c.strings("none") ?? []), location: c.location))
    }
    items("images", allowed: ["model", "all", "quality", "sizes"], required: ["model", "all", "quality", "sizes"]) { i in
      guard let model = i.string("model"), let all = i.strings("all"), let quality = i.string("quality"),
        let sizeNode = i["sizes"], let list = reader.sequence(sizeNode, i.path("sizes"))
      else { return }
      let sizes = list.enumerated().compactMap { reader.size($1, "\(i.path("sizes"))[\($0)]") }
      guard sizes.count == list.count else { return }
      if sizes.isEmpty { i.report("sizes", "give at least one size") }
      result.images.append(MeterPatterns.ImageRule(model: model, all: words(all), quality: quality, sizes: sizes, location: i.location))
    }
    items("secondary_errors", allowed: ["source", "provider", "model", "reason"], required: ["source", "provider", "model", "reason"]) { e in
      guard let source = e.string("source"), let provider = e.string("provider"), let model = e.string("model"), let reason = e.string("reason")
      else { return }
      result.secondaryErrors.append(
        MeterPatterns.SecondaryError(source: source, provider: provider, model: model, reason: reason, location: e.location))
    }
    patterns = result
  }
}
