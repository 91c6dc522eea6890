import CostCore

/// The `imagecost_priced` view: replay's pricing of each distinct request, written once for every dialect.
///
/// A chain of common table expressions, each read once (Spark recomputes a CTE at every reference):
/// `numbered` (first occurrence of each id) → `logged` (day, size, defaults of the log) → `resolved` (model
/// alias, provider, deployment type, quality and size as priced) → `checked` (capability checks of records
/// priced without usage, output and input-image tokens) → `quantities` (each component's quantity: from usage,
/// estimated, or images) → `rated` (components expanded by one join with `imagecost_components`, matched to
/// `imagecost_rates` at the price day, region-specific before every-region rates, and folded back per request)
/// → `divided` (quantity × rate ÷ unit as quotient and remainder) → the view (half-even rounding per component
/// line, as ``Price/cost(of:)``).
struct PricedView {
  let dialect: any SQLDialect
  let book: PriceBook
  let usageTable: String
  let priceDate: CivilDate?

  /// Components in pricing order, with the column prefix each gets in the view.
  static let components = ComponentKind.allCases

  private var d: any SQLDialect { dialect }
  private func col(_ name: String) -> String { d.quoteIdentifier(name) }
  private func text(_ expression: String) -> String { d.cast(expression, as: d.textType) }
  private func lit(_ constant: String) -> String { d.stringLiteral(constant) }

  var statement: String {
    let ctes = [
      ("numbered", numbered), ("logged", logged), ("resolved", resolved), ("checked", checked), ("quantities", quantities), ("rated", rated),
      ("divided", divided),
    ]
    let with = "WITH " + ctes.map { "\($0.0) AS (\n\($0.1)\n)" }.joined(separator: ",\n")
    return "-- One row per distinct request id (its first occurrence), priced as `imagecost replay` prices it.\n"
      + d.createView("imagecost_priced", as: with + "\n" + final)
  }

  // MARK: - Stages

  /// The usage table with each id's occurrences numbered in log order (rows without an id are each their own).
  private var numbered: String {
    let columns = UsageColumn.allCases.filter { $0 != .tags }.map { "u.\(col($0.rawValue)) AS raw_\($0.rawValue)" }
    let key = "COALESCE(u.\(col("id")), '#' || \(text("u.\(col("log_seq"))")))"
    return "  SELECT " + columns.joined(separator: ", ")
      + ",\n    ROW_NUMBER() OVER (PARTITION BY \(key) ORDER BY u.\(col("log_seq"))) AS occurrence\n"
      + "  FROM \(usageTable) u"
  }

  /// First occurrences, with the record's day, its price day, the logged size parsed and the log's defaults.
  private var logged: String {
    let width = d.tryInteger(d.splitPart("p.raw_size", separator: "x", index: 1))
    let height = d.tryInteger(d.splitPart("p.raw_size", separator: "x", index: 2))
    let day =
      "CASE WHEN p.raw_time IS NOT NULL THEN \(d.dateFromTimestampText("p.raw_time")) WHEN p.raw_created IS NOT NULL THEN \(d.dateFromUnixSeconds("p.raw_created")) END"
    return """
        SELECT p.raw_log_seq AS log_seq, p.raw_id AS request_id, \(day) AS day, p.raw_model AS logged_model, p.raw_provider AS logged_provider,
          p.raw_deployment_type AS logged_deployment_type, p.raw_region AS region, COALESCE(p.raw_operation, 'generate') AS operation,
          p.raw_quality AS logged_quality, p.raw_size AS logged_size,
          CASE WHEN p.raw_size IS NOT NULL AND p.raw_size <> 'auto' THEN \(width) END AS logged_width,
          CASE WHEN p.raw_size IS NOT NULL AND p.raw_size <> 'auto' THEN \(height) END AS logged_height,
          COALESCE(p.raw_n, 1) AS n, p.raw_input_images AS input_images, \(d.arrayLength("p.raw_input_images")) AS input_image_count,
          p.raw_input_fidelity AS input_fidelity, COALESCE(p.raw_partial_images, 0) AS partial_images, p.raw_status AS status,
          (p.raw_usage_input_tokens IS NOT NULL AND p.raw_usage_output_tokens IS NOT NULL) AS has_usage,
          p.raw_usage_input_tokens AS usage_input_tokens, p.raw_usage_input_text_tokens AS usage_input_text_tokens,
          p.raw_usage_input_image_tokens AS usage_input_image_tokens, p.raw_usage_output_tokens AS usage_output_tokens,
          p.raw_usage_output_image_tokens AS usage_output_image_tokens, p.raw_usage_output_text_tokens AS usage_output_text_tokens
        FROM numbered p
        WHERE p.occurrence = 1
      """
  }

  /// The model through its aliases, the provider and deployment type with their defaults, the quality (and
  /// `auto` priced as high) and size as priced.
  private var resolved: String {
    let quality = "COALESCE(p.logged_quality, dq.quality)"
    let priceDay = priceDate.map(d.dateLiteral) ?? "p.day"
    return """
        SELECT p.*, \(priceDay) AS price_day, m.model AS model_id, COALESCE(m.model, p.logged_model) AS model, m.pricing, m.output_rule,
          m.input_image_rule, m.text_output_rule, m.text_output_tokens, m.emits_text_output, m.generate_ok, m.edit_ok, m.size_formula, m.n_min, m.n_max,
          m.input_fidelity AS fidelity_support, m.streaming, m.partial_images_min, m.partial_images_max, m.max_input_images,
          pv.provider AS provider_id, COALESCE(pv.provider, p.logged_provider) AS provider, dt.deployment_type AS deployment_type_id,
          COALESCE(p.logged_deployment_type, pv.default_deployment_type) AS deployment_type, \(quality) AS quality,
          CASE WHEN \(quality) = 'auto' AND m.auto_quality IS NOT NULL THEN m.auto_quality ELSE \(quality) END AS priced_quality,
          CASE WHEN p.logged_size IS NULL OR p.logged_size = 'auto' THEN m.default_width ELSE p.logged_width END AS width,
          CASE WHEN p.logged_size IS NULL OR p.logged_size = 'auto' THEN m.default_height ELSE p.logged_height END AS height,
          COALESCE(p.input_fidelity, CASE WHEN p.operation = 'edit' AND m.pricing = 'tokens' THEN
            CASE m.input_fidelity WHEN 'always_high' THEN 'high' WHEN 'optional' THEN 'low' END END) AS fidelity,
          k.partial_image_tokens, k.default_prompt_tokens, k.n_billing
        FROM logged p
        CROSS JOIN imagecost_token_constants k
        LEFT JOIN imagecost_model_names mn ON mn.name = LOWER(p.logged_model)
        LEFT JOIN imagecost_models m ON m.model = mn.model
        LEFT JOIN imagecost_providers pv ON pv.provider = COALESCE(p.logged_provider, k.default_provider)
        LEFT JOIN imagecost_deployment_types dt ON dt.provider = pv.provider
          AND dt.deployment_type = COALESCE(p.logged_deployment_type, pv.default_deployment_type)
        LEFT JOIN imagecost_default_qualities dq ON dq.model = m.model AND dq.provider = pv.provider
      """
  }

  /// Whether the request resolves, the capability checks a record without usage (or of a per-image model)
  /// must pass, the output tokens per image and the input-image tokens.
  private var checked: String {
    let long = "GREATEST(p.width, p.height)"
    let short = "LEAST(p.width, p.height)"
    let s = d.integerDivision("2 * f.quality_factor * \(short) + \(long)", "2 * \(long)")
    let formula = d.integerDivision("f.quality_factor * (\(s)) * (f.area_offset + p.width * p.height) + f.area_divisor - 1", "f.area_divisor")
    return """
        SELECT p.*, \(resolveError) AS resolve_error, \(capabilityError) AS capability_error,
          COALESCE(ot.tokens, CASE WHEN f.rule IS NOT NULL THEN \(formula) END) AS tokens_per_image,
          o.model IS NOT NULL AS offered, \(inputImageTokens) AS input_image_tokens,
          \(text("p.width")) || 'x' || \(text("p.height")) AS size
        FROM resolved p
        LEFT JOIN imagecost_model_qualities mq ON mq.model = p.model_id AND mq.quality = p.quality
        LEFT JOIN imagecost_model_sizes ms ON ms.model = p.model_id AND ms.width = p.width AND ms.height = p.height
        LEFT JOIN imagecost_size_rules sr ON sr.rule = p.size_formula
        LEFT JOIN imagecost_offered o ON o.provider = p.provider_id AND o.deployment_type = p.deployment_type_id AND o.model = p.model_id
        LEFT JOIN imagecost_output_tokens ot ON ot.rule = p.output_rule AND ot.quality = p.priced_quality AND ot.width = p.width AND ot.height = p.height
        LEFT JOIN imagecost_output_formulas f ON f.rule = p.output_rule AND f.quality = p.priced_quality
      """
  }

  /// How the record is priced and each component's quantity.
  private var quantities: String {
    let mode = """
      CASE WHEN NOT p.has_usage AND p.status IS NOT NULL AND (p.status < 200 OR p.status > 299) THEN 'not_billed'
          WHEN p.resolve_error IS NOT NULL THEN 'unresolved' WHEN p.pricing = 'per_image' THEN 'images'
          WHEN p.has_usage THEN 'usage' ELSE 'estimate' END
      """
    let expected = "(p.tokens_per_image + p.partial_images * p.partial_image_tokens) * p.n"
    let copies = "CASE WHEN p.n_billing = 'per_image' THEN p.n ELSE 1 END"
    let splitImage = "LEAST(\(expected), p.usage_output_tokens)"
    func quantity(_ kind: ComponentKind) -> String {
      let usage: String
      let estimate: String
      switch kind {
      case .textInput:
        usage = "COALESCE(p.usage_input_text_tokens, p.usage_input_tokens - COALESCE(p.usage_input_image_tokens, 0))"
        estimate = "p.default_prompt_tokens * \(copies)"
      case .imageInput:
        usage = "COALESCE(p.usage_input_image_tokens, 0)"
        estimate = "CASE WHEN p.operation = 'edit' THEN p.input_image_tokens * \(copies) ELSE 0 END"
      case .imageOutput:
        usage =
          "CASE WHEN p.usage_output_image_tokens IS NOT NULL THEN p.usage_output_image_tokens WHEN p.emits_text_output THEN \(splitImage) ELSE p.usage_output_tokens END"
        estimate = expected
      case .textOutput:
        usage = """
          CASE WHEN p.usage_output_image_tokens IS NOT NULL THEN COALESCE(p.usage_output_text_tokens, p.usage_output_tokens - p.usage_output_image_tokens)
                WHEN p.emits_text_output THEN p.usage_output_tokens - \(splitImage) ELSE 0 END
          """
        estimate = "CASE WHEN p.text_output_rule IS NOT NULL THEN p.text_output_tokens * p.n ELSE 0 END"
      case .cachedTextInput, .cachedImageInput:
        usage = "0"
        estimate = "0"
      case .image:
        return "CASE WHEN p.mode = 'images' THEN p.n ELSE 0 END"
      }
      return "CASE p.mode WHEN 'usage' THEN \(usage) WHEN 'estimate' THEN \(estimate) ELSE 0 END"
    }
    let quantityError = """
      CASE WHEN p.mode = 'unresolved' THEN p.resolve_error
          WHEN p.mode IN ('estimate', 'images') AND p.capability_error IS NOT NULL THEN p.capability_error
          WHEN p.mode = 'estimate' AND p.operation = 'edit' AND p.input_image_tokens IS NULL
            THEN 'The input-image rule ' || COALESCE(p.input_image_rule, '(none)') || ' of ' || p.model || ' is not available in SQL, so the record cannot be estimated.'
          WHEN (p.mode = 'estimate' OR (p.mode = 'usage' AND p.usage_output_image_tokens IS NULL AND p.emits_text_output)) AND p.tokens_per_image IS NULL
            THEN 'The price book has no output tokens for ' || p.model || ' at quality ' || p.priced_quality || ' and size ' || p.size || '.'
        END
      """
    let q = Self.components.map { "CASE WHEN p.quantity_error IS NULL THEN \(quantity($0)) END AS q_\($0.rawValue)" }
    return """
        SELECT p.*,
          \(q.joined(separator: ",\n      "))
        FROM (SELECT p.*, \(quantityError) AS quantity_error FROM (SELECT p.*, \(mode) AS mode FROM checked p) p) p
      """
  }

  /// Components expanded by one join with `imagecost_components` (a row for each used component, and the first
  /// for every request), matched to the rates and unmetered rows in force on the price day, folded back into
  /// one row per request: per component the region's rate, the every-region rate, whether any metered rate is
  /// in force, and whether it is explicitly unmetered.
  private var rated: String {
    let kept =
      [
        "log_seq", "request_id", "day", "price_day", "logged_provider", "logged_deployment_type", "region", "model", "operation", "logged_quality",
        "logged_size", "quality", "size", "provider", "deployment_type", "n", "mode",
        "quantity_error", "offered",
      ] + Self.components.map { "q_\($0.rawValue)" }
    let lineQuantity =
      "CASE c.slot " + Self.components.enumerated().map { "WHEN \($0.offset) THEN p.q_\($0.element.rawValue)" }.joined(separator: " ") + " END"
    var aggregates: [String] = []
    for (slot, kind) in Self.components.enumerated() {
      let k = kind.rawValue
      let this = "c.slot = \(slot) AND r.metered"
      aggregates += [
        "MAX(CASE WHEN \(this) AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_\(k)",
        "MAX(CASE WHEN \(this) AND r.region = p.region THEN r.block END) AS regional_block_\(k)",
        "MAX(CASE WHEN \(this) AND r.region IS NULL THEN r.amount_nanos END) AS amount_\(k)",
        "MAX(CASE WHEN \(this) AND r.region IS NULL THEN r.block END) AS block_\(k)",
        "MAX(CASE WHEN \(this) THEN 1 ELSE 0 END) AS dated_\(k)",
        "MAX(CASE WHEN c.slot = \(slot) AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_\(k)",
      ]
    }
    return """
        SELECT \(kept.map { "p.\($0)" }.joined(separator: ", ")),
          \(aggregates.joined(separator: ",\n      "))
        FROM quantities p
        CROSS JOIN imagecost_components c
        LEFT JOIN imagecost_rates r ON r.provider = p.provider AND r.deployment_type = p.deployment_type AND r.model = p.model
          AND r.component = c.component AND r.effective_from <= p.price_day AND (r.effective_to IS NULL OR p.price_day < r.effective_to)
          AND (c.component <> 'image' OR NOT r.metered OR (r.quality = p.quality AND r.size = p.size))
        WHERE c.slot = 0 OR \(lineQuantity) > 0
        GROUP BY \(kept.map { "p.\($0)" }.joined(separator: ", "))
      """
  }

  /// Per used component: the rate chosen (the region's before every region's) and its unit, why none applies,
  /// and quantity × rate ÷ unit as an exact quotient and remainder in the wide integer type.
  private var divided: String {
    var chosen: [String] = []
    var products: [String] = []
    for kind in Self.components {
      let k = kind.rawValue
      let useRegional = "p.region IS NOT NULL AND p.regional_amount_\(k) IS NOT NULL"
      chosen += [
        "CASE WHEN \(useRegional) THEN p.regional_amount_\(k) ELSE p.amount_\(k) END AS rate_\(k)",
        "CASE WHEN \(useRegional) THEN p.regional_block_\(k) ELSE p.block_\(k) END AS unit_\(k)",
      ]
      let missing = """
        CASE WHEN p.q_\(k) > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
            WHEN p.q_\(k) > 0 AND p.rate_\(k) IS NULL AND p.dated_\(k) = 1 AND p.region IS NULL
              THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
            WHEN p.q_\(k) > 0 AND p.rate_\(k) IS NULL AND p.dated_\(k) = 1
              THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
            WHEN p.q_\(k) > 0 AND p.rate_\(k) IS NULL AND p.unmetered_\(k) = 0
              THEN 'No \(kind.label) rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || \(lit(" is effective on these requests' days."))
          END
        """
      products += [
        "CASE WHEN p.rate_\(k) IS NOT NULL THEN \(d.cast("p.q_\(k)", as: d.wideIntegerType)) * p.rate_\(k) END AS product_\(k)",
        "\(missing) AS missing_\(k)",
      ]
    }
    let reasons = ["q.quantity_error"] + Self.components.map { "q.missing_\($0.rawValue)" }
    let quotients = Self.components.map { "\(d.integerDivision("q.product_\($0.rawValue)", "q.unit_\($0.rawValue)")) AS quotient_\($0.rawValue)" }
    let remainders = Self.components.map { "\(d.remainder("q.product_\($0.rawValue)", "q.unit_\($0.rawValue)")) AS remainder_\($0.rawValue)" }
    return """
        SELECT q.*, COALESCE(\(reasons.joined(separator: ", "))) AS unpriced_reason,
          \((quotients + remainders).joined(separator: ",\n      "))
        FROM (
          SELECT p.*, \(products.joined(separator: ",\n        "))
          FROM (SELECT p.*, \(chosen.joined(separator: ", ")) FROM rated p) p
        ) q
      """
  }

  /// The view's columns: each used component's quantity and cost (half-even to the nano-dollar), the total
  /// (NULL when unpriced; 0 when not billed), how the record was priced and why not.
  private var final: String {
    var columns = [
      "p.request_id", "p.day", "p.price_day", "p.logged_provider AS provider", "p.logged_deployment_type AS deployment_type", "p.region", "p.model",
      "p.operation", "p.logged_quality AS quality", "CASE WHEN p.logged_size <> 'auto' THEN p.logged_size END AS size", "p.quality AS priced_quality",
      "p.size AS priced_size", "p.n",
    ]
    var lineCosts: [String] = []
    for kind in Self.components {
      let k = kind.rawValue
      let cost =
        "CASE WHEN p.product_\(k) IS NULL THEN 0 ELSE \(d.halfEvenAdjust(quotient: "p.quotient_\(k)", remainder: "p.remainder_\(k)", block: "p.unit_\(k)")) END"
      let priced = "p.unpriced_reason IS NULL AND p.q_\(k) > 0"
      columns.append("CASE WHEN \(priced) THEN p.q_\(k) END AS \(k)_quantity")
      columns.append("CASE WHEN \(priced) THEN \(d.cast(cost, as: d.integerType)) END AS \(k)_nanos")
      lineCosts.append("CASE WHEN \(priced) THEN \(cost) ELSE 0 END")
    }
    let total = "CASE WHEN p.mode = 'not_billed' THEN 0 WHEN p.unpriced_reason IS NULL THEN \(lineCosts.joined(separator: "\n      + ")) END"
    return """
      SELECT r.request_id, r.day, r.price_day, r.provider, r.deployment_type, r.region, r.model, r.operation, r.quality, r.size, r.priced_quality,
        r.priced_size, r.n,
        \(Self.components.map { "r.\($0.rawValue)_quantity, r.\($0.rawValue)_nanos, \(d.decimalDollars(fromNanos: "r.\($0.rawValue)_nanos")) AS \($0.rawValue)_usd" }.joined(separator: ",\n  ")),
        r.cost_nanos, \(d.decimalDollars(fromNanos: "r.cost_nanos")) AS cost_usd, r.priced_from, r.unpriced_reason
      FROM (
        SELECT \(columns.joined(separator: ", ")),
          \(d.cast(total, as: d.integerType)) AS cost_nanos,
          CASE WHEN p.mode = 'not_billed' THEN 'not_billed' WHEN p.unpriced_reason IS NULL THEN p.mode END AS priced_from,
          CASE WHEN p.mode <> 'not_billed' THEN p.unpriced_reason END AS unpriced_reason
        FROM divided p
      ) r
      """
  }

  // MARK: - Rules written as expressions

  /// Why the request cannot be resolved at all (every record but the not-billed ones is unpriced then).
  private var resolveError: String {
    """
    CASE WHEN p.day IS NULL THEN 'The record has no valid time (or created) to price it at.'
          WHEN p.logged_model IS NULL THEN 'The record names no model.'
          WHEN p.model_id IS NULL THEN 'Unknown model ' || \(lit("'")) || p.logged_model || \(lit("'."))
          WHEN p.provider_id IS NULL THEN 'Unknown provider ' || \(lit("'")) || p.provider || \(lit("'."))
          WHEN p.deployment_type_id IS NULL THEN 'Provider ' || p.provider || ' has no deployment type ' || \(lit("'")) || p.deployment_type || \(lit("'."))
          WHEN p.operation NOT IN ('generate', 'edit') THEN 'The logged operation ' || p.operation || ' is neither generate nor edit.'
          WHEN p.width IS NULL OR p.height IS NULL OR p.width <= 0 OR p.height <= 0 THEN 'The logged size ' || p.logged_size || ' is not WIDTHxHEIGHT.'
        END
    """
  }

  /// The first capability check a request fails, in the order ``Pricer`` checks them (records without usage and
  /// per-image models only; usage is the bill).
  private var capabilityError: String {
    let consequence = "; without usage it cannot be estimated."
    let offEdge = "\(d.remainder("p.width", "sr.edge_multiple")) <> 0 OR \(d.remainder("p.height", "sr.edge_multiple")) <> 0"
    let violation = """
      CASE WHEN \(offEdge) THEN 'edges must be multiples of ' || \(text("sr.edge_multiple"))
            WHEN GREATEST(p.width, p.height) > LEAST(p.width, p.height) * sr.max_ratio THEN 'the aspect ratio exceeds ' || \(text("sr.max_ratio")) || ':1'
            WHEN p.width * p.height < sr.min_pixels THEN 'below the minimum of ' || \(text("sr.min_pixels")) || ' pixels'
            WHEN p.width * p.height > sr.max_pixels THEN 'above the maximum of ' || \(text("sr.max_pixels")) || ' pixels'
            WHEN GREATEST(p.width, p.height) > sr.max_edge THEN 'the longest edge exceeds ' || \(text("sr.max_edge")) || ' px'
          END
      """
    return """
      CASE WHEN (p.operation = 'generate' AND NOT p.generate_ok) OR (p.operation = 'edit' AND NOT p.edit_ok)
              THEN 'The logged operation=' || p.operation || ' is not one ' || p.model || ' supports\(consequence)'
            WHEN NOT (p.quality = 'auto' AND p.priced_quality <> 'auto') AND mq.quality IS NULL
              THEN 'The logged quality=' || p.quality || ' is not one the price book lists for ' || p.model || '\(consequence)'
            WHEN p.size_formula IS NOT NULL AND (\(violation)) IS NOT NULL
              THEN 'The logged size=' || \(text("p.width")) || 'x' || \(text("p.height")) || ' is not one ' || p.model || ' supports (' || (\(violation)) || ')\(consequence)'
            WHEN p.size_formula IS NULL AND ms.width IS NULL
              THEN 'The logged size=' || \(text("p.width")) || 'x' || \(text("p.height")) || ' is not one ' || p.model || ' supports\(consequence)'
            WHEN p.n < p.n_min OR p.n > p.n_max THEN 'The logged n=' || \(text("p.n")) || ' is outside ' || p.model || \(lit("'s range" + consequence))
            WHEN p.operation = 'generate' AND p.input_image_count > 0 THEN 'The logged generate request has input_images, which only edits take\(consequence)'
            WHEN p.operation = 'generate' AND p.input_fidelity IS NOT NULL THEN 'The logged input_fidelity is on a generate request (edits only)\(consequence)'
            WHEN p.operation = 'edit' AND p.input_image_count = 0
              THEN 'The logged ' || p.model || ' edit has neither usage nor input_images sizes, so its image input cannot be estimated.'
            WHEN p.operation = 'edit' AND p.input_image_count > p.max_input_images
              THEN 'The logged edit has ' || \(text("p.input_image_count")) || ' input images; ' || p.model || ' accepts fewer, so\(consequence.dropFirst())'
            WHEN p.input_fidelity IS NOT NULL AND p.input_fidelity NOT IN ('low', 'high')
              THEN 'The logged input_fidelity=' || p.input_fidelity || ' is neither low nor high\(consequence)'
            WHEN p.input_fidelity IS NOT NULL AND p.fidelity_support = 'unsupported'
              THEN 'The logged input_fidelity=' || p.input_fidelity || ' is not supported by ' || p.model || ' in the price book\(consequence)'
            WHEN p.input_fidelity IS NOT NULL AND p.fidelity_support = 'always_high'
              THEN 'The logged input_fidelity=' || p.input_fidelity || ' conflicts with ' || p.model || ', which always uses high fidelity\(consequence)'
            WHEN p.partial_images <> 0 AND (NOT p.streaming OR p.partial_images_max <= 0)
              THEN 'The logged partial_images is not supported by ' || p.model || ', which does not stream partial images\(consequence)'
            WHEN p.partial_images <> 0 AND (p.partial_images < p.partial_images_min OR p.partial_images > p.partial_images_max)
              THEN 'The logged partial_images=' || \(text("p.partial_images")) || ' is outside ' || p.model || \(lit("'s range" + consequence))
          END
      """
  }

  /// Input-image tokens of an edit's images under the model's tile rule (its constants written in), with the
  /// high-fidelity addend; NULL for a rule SQL does not implement (patch rules are named alternatives only).
  private var inputImageTokens: String {
    let rules = book.tokenRules.inputImageRules.values.sorted { $0.id < $1.id }
    guard !rules.isEmpty else { return d.null(d.integerType) }
    let cases = rules.map { rule -> String in
      let tiles = d.sumOverArray("p.input_images") { tileTokens(rule, width: d.field($0, "width"), height: d.field($0, "height")) }
      let squares = d.sumOverArray("p.input_images") { "CASE WHEN \(d.field($0, "width")) = \(d.field($0, "height")) THEN 1 ELSE 0 END" }
      let addend =
        "CASE WHEN p.fidelity = 'high' THEN (\(squares)) * \(rule.highFidelitySquare) + (p.input_image_count - (\(squares))) * \(rule.highFidelityNonSquare) ELSE 0 END"
      return "WHEN \(d.stringLiteral(rule.id)) THEN (\(tiles)) + \(addend)"
    }
    return "CASE p.input_image_rule " + cases.joined(separator: " ") + " END"
  }

  /// One input image's tokens under a tile rule, as ``TileRule/tokens(for:highFidelity:)`` without the addend:
  /// fit within `fit_within`², scale the shortest side to `shortest_side`, count tiles, base + per tile.
  func tileTokens(_ rule: TileRule, width w: String, height h: String) -> String {
    let long = "GREATEST(\(w), \(h))"
    let short = "LEAST(\(w), \(h))"
    let fitNum = "CASE WHEN \(long) > \(rule.fitWithin) THEN \(rule.fitWithin) ELSE 1 END"
    let fitDen = "CASE WHEN \(long) > \(rule.fitWithin) THEN \(long) ELSE 1 END"
    let toShortest = rule.upscaleSmallImages ? "1 = 1" : "\(short) * (\(fitNum)) > \(rule.shortestSide) * (\(fitDen))"
    let num = "(CASE WHEN \(toShortest) THEN \(rule.shortestSide) ELSE \(fitNum) END)"
    let den = "(CASE WHEN \(toShortest) THEN \(short) ELSE \(fitDen) END)"
    func along(_ edge: String) -> String {
      let tile = rule.tileSize
      if rule.tilesFromWholePixels {
        return d.integerDivision("GREATEST(1, \(d.integerDivision("\(edge) * \(num)", den))) + \(tile - 1)", "\(tile)")
      }
      return d.integerDivision("\(edge) * \(num) + \(tile) * \(den) - 1", "\(tile) * \(den)")
    }
    return "\(rule.baseTokens) + \(rule.tokensPerTile) * GREATEST(1, \(along(w))) * GREATEST(1, \(along(h)))"
  }
}
