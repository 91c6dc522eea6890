-- imagecost sql --dialect duckdb: the price book and the pricing rules of replay for image_requests.
-- Price book fed8fe5b70d3e18d031e55384ac6a2974d7413c7355173618de640f9ecf4bf4f (as of 2026-12-03), each record at the rates of its own day.
-- Costs are exact: quantity × rate ÷ unit rounded half-even to the nano-dollar per component line, NULL when unpriced, never 0.

-- The dated rates of the price book (as `imagecost pricing export`) and its explicitly unmetered components.
CREATE OR REPLACE TABLE imagecost_rates AS
SELECT CAST(c1 AS VARCHAR) AS provider, CAST(c2 AS VARCHAR) AS deployment_type, CAST(c3 AS VARCHAR) AS region, CAST(c4 AS VARCHAR) AS model, CAST(c5 AS VARCHAR) AS component, CAST(c6 AS VARCHAR) AS quality, CAST(c7 AS VARCHAR) AS size, CAST(c8 AS BOOLEAN) AS metered, CAST(c9 AS BIGINT) AS amount_nanos, CAST(c10 AS BIGINT) AS block, CAST(c11 AS DECIMAL(38,9)) AS published_price_usd, CAST(c12 AS VARCHAR) AS published_unit, CAST(c13 AS VARCHAR) AS rate_usd, CAST(c14 AS VARCHAR) AS rate_unit, CAST(c15 AS DATE) AS effective_from, CAST(c16 AS DATE) AS effective_to, CAST(c17 AS VARCHAR) AS source, CAST(c18 AS VARCHAR) AS source_url, CAST(c19 AS DATE) AS source_read, CAST(c20 AS VARCHAR) AS source_label, CAST(c21 AS VARCHAR) AS assumption, CAST(c22 AS VARCHAR) AS meter
FROM (VALUES
  ('azure', 'batch', NULL, 'gpt-image-2', 'cached_image_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'batch', NULL, 'gpt-image-2', 'cached_text_input', NULL, NULL, TRUE, 625000000, 1000000, '0.625', '1M tokens', '0.625', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'batch', NULL, 'gpt-image-2', 'image_input', NULL, NULL, TRUE, 4000000000, 1000000, '4.00', '1M tokens', '4.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'batch', NULL, 'gpt-image-2', 'image_output', NULL, NULL, TRUE, 15000000000, 1000000, '15.00', '1M tokens', '15.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'batch', NULL, 'gpt-image-2', 'text_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'batch', NULL, 'gpt-image-2', 'text_output', NULL, NULL, FALSE, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2026-05-01', NULL, NULL, NULL, NULL, NULL, 'azure-gpt-image-2-text-output-unmetered', NULL),
  ('azure', 'datazone', NULL, 'gpt-4.1-mini', 'cached_text_input', NULL, NULL, TRUE, 110000000, 1000000, '0.11', '1M tokens', '0.11', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4.1-mini', 'text_input', NULL, NULL, TRUE, 440000000, 1000000, '0.44', '1M tokens', '0.44', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4.1-mini', 'text_output', NULL, NULL, TRUE, 1760000000, 1000000, '1.76', '1M tokens', '1.76', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4.1-nano', 'cached_text_input', NULL, NULL, TRUE, 27500000, 1000000, '0.0275', '1M tokens', '0.0275', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4.1-nano', 'text_input', NULL, NULL, TRUE, 110000000, 1000000, '0.11', '1M tokens', '0.11', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4.1-nano', 'text_output', NULL, NULL, TRUE, 440000000, 1000000, '0.44', '1M tokens', '0.44', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4o-mini', 'cached_text_input', NULL, NULL, TRUE, 82500000, 1000000, '0.0825', '1M tokens', '0.0825', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4o-mini', 'text_input', NULL, NULL, TRUE, 165000000, 1000000, '0.165', '1M tokens', '0.165', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-4o-mini', 'text_output', NULL, NULL, TRUE, 660000000, 1000000, '0.66', '1M tokens', '0.66', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-datazone-text-plus-ten-percent', NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1', 'cached_image_input', NULL, NULL, TRUE, 2750000, 1000, '0.00275', '1K tokens', '2.75', 'per 1M tokens', DATE '2025-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-cached-img-dzone Tokens'),
  ('azure', 'datazone', NULL, 'gpt-image-1', 'cached_text_input', NULL, NULL, TRUE, 1375000, 1000, '0.001375', '1K tokens', '1.375', 'per 1M tokens', DATE '2025-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-cached-txt-dzone Tokens'),
  ('azure', 'datazone', NULL, 'gpt-image-1', 'image_input', NULL, NULL, TRUE, 11000000, 1000, '0.011', '1K tokens', '11.00', 'per 1M tokens', DATE '2025-04-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-img-dzone Tokens'),
  ('azure', 'datazone', NULL, 'gpt-image-1', 'image_output', NULL, NULL, TRUE, 44000000, 1000, '0.044', '1K tokens', '44.00', 'per 1M tokens', DATE '2025-04-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-output-img-dzone Tokens'),
  ('azure', 'datazone', NULL, 'gpt-image-1', 'text_input', NULL, NULL, TRUE, 5500000, 1000, '0.0055', '1K tokens', '5.50', 'per 1M tokens', DATE '2025-04-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-txt-dzone Tokens'),
  ('azure', 'datazone', NULL, 'gpt-image-1-mini', 'cached_image_input', NULL, NULL, TRUE, 275000, 1000, '0.000275', '1K tokens', '0.275', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1-mini', 'cached_text_input', NULL, NULL, TRUE, 220000, 1000, '0.00022', '1K tokens', '0.22', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1-mini', 'image_input', NULL, NULL, TRUE, 2750000, 1000, '0.00275', '1K tokens', '2.75', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1-mini', 'image_output', NULL, NULL, TRUE, 8800000, 1000, '0.0088', '1K tokens', '8.80', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1-mini', 'text_input', NULL, NULL, TRUE, 2200000, 1000, '0.0022', '1K tokens', '2.20', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1.5', 'cached_image_input', NULL, NULL, TRUE, 2200000000, 1000000, '2.20', '1M tokens', '2.20', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1.5', 'cached_text_input', NULL, NULL, TRUE, 1375000000, 1000000, '1.375', '1M tokens', '1.375', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1.5', 'image_input', NULL, NULL, TRUE, 8800000000, 1000000, '8.80', '1M tokens', '8.80', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1.5', 'image_output', NULL, NULL, TRUE, 35200000000, 1000000, '35.20', '1M tokens', '35.20', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1.5', 'text_input', NULL, NULL, TRUE, 5500000000, 1000000, '5.50', '1M tokens', '5.50', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-1.5', 'text_output', NULL, NULL, TRUE, 11000000000, 1000000, '11.00', '1M tokens', '11.00', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-2', 'cached_image_input', NULL, NULL, TRUE, 2200000000, 1000000, '2.20', '1M tokens', '2.20', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-2', 'cached_text_input', NULL, NULL, TRUE, 1375000000, 1000000, '1.375', '1M tokens', '1.375', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-2', 'image_input', NULL, NULL, TRUE, 8800000000, 1000000, '8.80', '1M tokens', '8.80', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-2', 'image_output', NULL, NULL, TRUE, 33000000000, 1000000, '33.00', '1M tokens', '33.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-2', 'text_input', NULL, NULL, TRUE, 5500000000, 1000000, '5.50', '1M tokens', '5.50', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone', NULL, 'gpt-image-2', 'text_output', NULL, NULL, FALSE, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2026-05-01', NULL, NULL, NULL, NULL, NULL, 'azure-gpt-image-2-text-output-unmetered', NULL),
  ('azure', 'datazone-batch', NULL, 'gpt-image-2', 'cached_image_input', NULL, NULL, TRUE, 1100000000, 1000000, '1.10', '1M tokens', '1.10', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone-batch', NULL, 'gpt-image-2', 'cached_text_input', NULL, NULL, TRUE, 687500000, 1000000, '0.6875', '1M tokens', '0.6875', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone-batch', NULL, 'gpt-image-2', 'image_input', NULL, NULL, TRUE, 4400000000, 1000000, '4.40', '1M tokens', '4.40', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone-batch', NULL, 'gpt-image-2', 'image_output', NULL, NULL, TRUE, 16500000000, 1000000, '16.50', '1M tokens', '16.50', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone-batch', NULL, 'gpt-image-2', 'text_input', NULL, NULL, TRUE, 2750000000, 1000000, '2.75', '1M tokens', '2.75', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'datazone-batch', NULL, 'gpt-image-2', 'text_output', NULL, NULL, FALSE, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2026-05-01', NULL, NULL, NULL, NULL, NULL, 'azure-gpt-image-2-text-output-unmetered', NULL),
  ('azure', 'global', NULL, 'dall-e-2', 'image', 'standard', '1024x1024', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'global', NULL, 'dall-e-2', 'image', 'standard', '256x256', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'global', NULL, 'dall-e-2', 'image', 'standard', '512x512', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'global', NULL, 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 8000000000, 100, '8.00', '100 images', '0.08', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'global', NULL, 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 12000000000, 100, '12.00', '100 images', '0.12', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'global', NULL, 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 12000000000, 100, '12.00', '100 images', '0.12', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'global', NULL, 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4000000000, 100, '4.00', '100 images', '0.04', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'global', NULL, 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 8000000000, 100, '8.00', '100 images', '0.08', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'global', NULL, 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 8000000000, 100, '8.00', '100 images', '0.08', 'per image', DATE '2025-03-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'global', NULL, 'gpt-4.1-mini', 'cached_text_input', NULL, NULL, TRUE, 100000000, 1000000, '0.10', '1M tokens', '0.10', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4.1-mini', 'text_input', NULL, NULL, TRUE, 400000000, 1000000, '0.40', '1M tokens', '0.40', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4.1-mini', 'text_output', NULL, NULL, TRUE, 1600000000, 1000000, '1.60', '1M tokens', '1.60', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4.1-nano', 'cached_text_input', NULL, NULL, TRUE, 25000000, 1000000, '0.025', '1M tokens', '0.025', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4.1-nano', 'text_input', NULL, NULL, TRUE, 100000000, 1000000, '0.10', '1M tokens', '0.10', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4.1-nano', 'text_output', NULL, NULL, TRUE, 400000000, 1000000, '0.40', '1M tokens', '0.40', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4o-mini', 'cached_text_input', NULL, NULL, TRUE, 75000000, 1000000, '0.075', '1M tokens', '0.075', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4o-mini', 'text_input', NULL, NULL, TRUE, 150000000, 1000000, '0.15', '1M tokens', '0.15', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-4o-mini', 'text_output', NULL, NULL, TRUE, 600000000, 1000000, '0.60', '1M tokens', '0.60', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5-mini', 'cached_text_input', NULL, NULL, TRUE, 25000000, 1000000, '0.025', '1M tokens', '0.025', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5-mini', 'text_input', NULL, NULL, TRUE, 250000000, 1000000, '0.25', '1M tokens', '0.25', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5-mini', 'text_output', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5-nano', 'cached_text_input', NULL, NULL, TRUE, 5000000, 1000000, '0.005', '1M tokens', '0.005', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5-nano', 'text_input', NULL, NULL, TRUE, 50000000, 1000000, '0.05', '1M tokens', '0.05', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5-nano', 'text_output', NULL, NULL, TRUE, 400000000, 1000000, '0.40', '1M tokens', '0.40', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.4-mini', 'cached_text_input', NULL, NULL, TRUE, 75000000, 1000000, '0.075', '1M tokens', '0.075', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.4-mini', 'text_input', NULL, NULL, TRUE, 750000000, 1000000, '0.75', '1M tokens', '0.75', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.4-mini', 'text_output', NULL, NULL, TRUE, 4500000000, 1000000, '4.50', '1M tokens', '4.50', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.4-nano', 'cached_text_input', NULL, NULL, TRUE, 20000000, 1000000, '0.02', '1M tokens', '0.02', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.4-nano', 'text_input', NULL, NULL, TRUE, 200000000, 1000000, '0.20', '1M tokens', '0.20', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.4-nano', 'text_output', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-5.6-luna', 'cached_text_input', NULL, NULL, TRUE, 100000000, 1000000, '0.10', '1M tokens', '0.10', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-gpt-5.6-luna-retail-snapshot', NULL),
  ('azure', 'global', NULL, 'gpt-5.6-luna', 'text_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-gpt-5.6-luna-retail-snapshot', NULL),
  ('azure', 'global', NULL, 'gpt-5.6-luna', 'text_output', NULL, NULL, TRUE, 6000000000, 1000000, '6.00', '1M tokens', '6.00', 'per 1M tokens', DATE '2026-07-31', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-gpt-5.6-luna-retail-snapshot', NULL),
  ('azure', 'global', NULL, 'gpt-image-1', 'cached_image_input', NULL, NULL, TRUE, 2500000, 1000, '0.0025', '1K tokens', '2.50', 'per 1M tokens', DATE '2025-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-cached-img-glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1', 'cached_text_input', NULL, NULL, TRUE, 1250000, 1000, '0.00125', '1K tokens', '1.25', 'per 1M tokens', DATE '2025-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-cached-txt-glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1', 'image_input', NULL, NULL, TRUE, 10000000, 1000, '0.01', '1K tokens', '10.00', 'per 1M tokens', DATE '2025-04-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-img-glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1', 'image_output', NULL, NULL, TRUE, 40000000, 1000, '0.04', '1K tokens', '40.00', 'per 1M tokens', DATE '2025-04-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-output-img-glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1', 'text_input', NULL, NULL, TRUE, 5000000, 1000, '0.005', '1K tokens', '5.00', 'per 1M tokens', DATE '2025-04-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt-image-1-inp-txt-glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1-mini', 'cached_image_input', NULL, NULL, TRUE, 250000, 1000, '0.00025', '1K tokens', '0.25', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1 mini inp cchd img glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1-mini', 'cached_text_input', NULL, NULL, TRUE, 200000, 1000, '0.0002', '1K tokens', '0.20', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1 mini inp cchd txt glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1-mini', 'image_input', NULL, NULL, TRUE, 2500000, 1000, '0.0025', '1K tokens', '2.50', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1 mini inp img glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1-mini', 'image_output', NULL, NULL, TRUE, 8000000, 1000, '0.008', '1K tokens', '8.00', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1 mini out img glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1-mini', 'text_input', NULL, NULL, TRUE, 2000000, 1000, '0.002', '1K tokens', '2.00', 'per 1M tokens', DATE '2025-10-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1 mini inp txt glbl Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1.5', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-image-1.5', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-image-1.5', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-image-1.5', 'image_output', NULL, NULL, TRUE, 32000000000, 1000000, '32.00', '1M tokens', '32.00', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1.5 out img gl 1M Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1.5', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1.5 in txt gl 1M Tokens'),
  ('azure', 'global', NULL, 'gpt-image-1.5', 'text_output', NULL, NULL, TRUE, 10000000000, 1000000, '10.00', '1M tokens', '10.00', 'per 1M tokens', DATE '2025-12-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'gpt img 1.5 out txt gl 1M Tokens'),
  ('azure', 'global', NULL, 'gpt-image-2', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-image-2', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-image-2', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'global', NULL, 'gpt-image-2', 'image_output', NULL, NULL, TRUE, 30000000000, 1000000, '30.00', '1M tokens', '30.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'Image 2 img opt Gl 1M Tokens'),
  ('azure', 'global', NULL, 'gpt-image-2', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, 'Image 2 txt inp Gl 1M Tokens'),
  ('azure', 'global', NULL, 'gpt-image-2', 'text_output', NULL, NULL, FALSE, NULL, NULL, NULL, NULL, NULL, NULL, DATE '2026-05-01', NULL, NULL, NULL, NULL, NULL, 'azure-gpt-image-2-text-output-unmetered', NULL),
  ('azure', 'regional', 'australiaeast', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'australiaeast', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'australiaeast', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'australiaeast', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4400000000, 100, '4.40', '100 images', '0.044', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'australiaeast', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'australiaeast', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-2', 'image', 'standard', '1024x1024', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2024-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-2', 'image', 'standard', '256x256', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2024-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-2', 'image', 'standard', '512x512', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2024-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4400000000, 100, '4.40', '100 images', '0.044', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus2', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus2', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus2', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus2', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4400000000, 100, '4.40', '100 images', '0.044', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus2', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'eastus2', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'northcentralus', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'northcentralus', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4400000000, 100, '4.40', '100 images', '0.044', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'northcentralus', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'northcentralus', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'northeurope', 'gpt-image-1-mini', 'cached_image_input', NULL, NULL, TRUE, 330000, 1000, '0.00033', '1K tokens', '0.33', 'per 1M tokens', DATE '2026-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'regional', 'northeurope', 'gpt-image-1-mini', 'cached_text_input', NULL, NULL, TRUE, 264000, 1000, '0.000264', '1K tokens', '0.264', 'per 1M tokens', DATE '2026-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'regional', 'northeurope', 'gpt-image-1-mini', 'image_input', NULL, NULL, TRUE, 3300000, 1000, '0.0033', '1K tokens', '3.30', 'per 1M tokens', DATE '2026-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'regional', 'northeurope', 'gpt-image-1-mini', 'image_output', NULL, NULL, TRUE, 10560000, 1000, '0.01056', '1K tokens', '10.56', 'per 1M tokens', DATE '2026-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'regional', 'northeurope', 'gpt-image-1-mini', 'text_input', NULL, NULL, TRUE, 2640000, 1000, '0.00264', '1K tokens', '2.64', 'per 1M tokens', DATE '2026-06-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', NULL, NULL),
  ('azure', 'regional', 'polandcentral', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'polandcentral', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 14520000000, 100, '14.52', '100 images', '0.1452', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'polandcentral', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 14520000000, 100, '14.52', '100 images', '0.1452', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'polandcentral', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4840000000, 100, '4.84', '100 images', '0.0484', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'polandcentral', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'polandcentral', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'swedencentral', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'swedencentral', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 14520000000, 100, '14.52', '100 images', '0.1452', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'swedencentral', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 14520000000, 100, '14.52', '100 images', '0.1452', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'swedencentral', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4840000000, 100, '4.84', '100 images', '0.0484', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'swedencentral', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'swedencentral', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'switzerlandnorth', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'switzerlandnorth', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 14520000000, 100, '14.52', '100 images', '0.1452', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'switzerlandnorth', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 14520000000, 100, '14.52', '100 images', '0.1452', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'switzerlandnorth', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4840000000, 100, '4.84', '100 images', '0.0484', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'switzerlandnorth', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'switzerlandnorth', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 9680000000, 100, '9.68', '100 images', '0.0968', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-2', 'image', 'standard', '1024x1024', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2024-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-2', 'image', 'standard', '256x256', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2024-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-2', 'image', 'standard', '512x512', TRUE, 2000000000, 100, '2.00', '100 images', '0.02', 'per image', DATE '2024-05-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle2-flat-all-sizes', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 13200000000, 100, '13.20', '100 images', '0.132', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 4400000000, 100, '4.40', '100 images', '0.044', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('azure', 'regional', 'westus2', 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 8800000000, 100, '8.80', '100 images', '0.088', 'per image', DATE '2025-09-01', NULL, 'S10', 'https://prices.azure.com/api/retail/prices', DATE '2026-07-31', 'official', 'azure-dalle3-resolution-meters', NULL),
  ('openai', 'batch', NULL, 'gpt-6-luna', 'cached_text_input', NULL, NULL, TRUE, 5000000, 1000000, '0.005', '1M tokens', '0.005', 'per 1M tokens', DATE '2026-09-22', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'batch', NULL, 'gpt-6-luna', 'text_input', NULL, NULL, TRUE, 50000000, 1000000, '0.05', '1M tokens', '0.05', 'per 1M tokens', DATE '2026-09-22', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'batch', NULL, 'gpt-6-luna', 'text_output', NULL, NULL, TRUE, 250000000, 1000000, '0.25', '1M tokens', '0.25', 'per 1M tokens', DATE '2026-09-22', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'batch', NULL, 'gpt-image-1', 'cached_image_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1', 'cached_text_input', NULL, NULL, TRUE, 625000000, 1000000, '0.625', '1M tokens', '0.625', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1', 'image_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1', 'image_output', NULL, NULL, TRUE, 20000000000, 1000000, '20.00', '1M tokens', '20.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1', 'text_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1-mini', 'cached_image_input', NULL, NULL, TRUE, 125000000, 1000000, '0.125', '1M tokens', '0.125', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1-mini', 'cached_text_input', NULL, NULL, TRUE, 100000000, 1000000, '0.10', '1M tokens', '0.10', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1-mini', 'image_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1-mini', 'image_output', NULL, NULL, TRUE, 4000000000, 1000000, '4.00', '1M tokens', '4.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1-mini', 'text_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1.5', 'cached_image_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1.5', 'cached_text_input', NULL, NULL, TRUE, 625000000, 1000000, '0.625', '1M tokens', '0.625', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1.5', 'image_input', NULL, NULL, TRUE, 4000000000, 1000000, '4.00', '1M tokens', '4.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1.5', 'image_output', NULL, NULL, TRUE, 16000000000, 1000000, '16.00', '1M tokens', '16.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1.5', 'text_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-1.5', 'text_output', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-02-10', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2', 'cached_image_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2', 'cached_text_input', NULL, NULL, TRUE, 625000000, 1000000, '0.625', '1M tokens', '0.625', 'per 1M tokens', DATE '2026-04-21', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2', 'image_input', NULL, NULL, TRUE, 4000000000, 1000000, '4.00', '1M tokens', '4.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2', 'image_output', NULL, NULL, TRUE, 15000000000, 1000000, '15.00', '1M tokens', '15.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2', 'text_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2026-04-21', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2', 'text_output', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S27', 'third-party research document (Sept 2026) quoted in the team reference; no public URL recorded', DATE '2026-09-01', 'unconfirmed', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-flare', 'cached_image_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-flare', 'cached_text_input', NULL, NULL, TRUE, 625000000, 1000000, '0.625', '1M tokens', '0.625', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-flare', 'image_input', NULL, NULL, TRUE, 4000000000, 1000000, '4.00', '1M tokens', '4.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-flare', 'image_output', NULL, NULL, TRUE, 15000000000, 1000000, '15.00', '1M tokens', '15.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-flare', 'text_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-sunburst', 'cached_image_input', NULL, NULL, TRUE, 1000000000, 1000000, '1.00', '1M tokens', '1.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-sunburst', 'cached_text_input', NULL, NULL, TRUE, 625000000, 1000000, '0.625', '1M tokens', '0.625', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-sunburst', 'image_input', NULL, NULL, TRUE, 4000000000, 1000000, '4.00', '1M tokens', '4.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-sunburst', 'image_output', NULL, NULL, TRUE, 15000000000, 1000000, '15.00', '1M tokens', '15.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'batch', NULL, 'gpt-image-2.5-sunburst', 'text_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', 'openai-batch-half-price', NULL),
  ('openai', 'standard', NULL, 'dall-e-2', 'image', 'standard', '1024x1024', TRUE, 20000000, 1, '0.02', 'image', '0.02', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-2', 'image', 'standard', '256x256', TRUE, 16000000, 1, '0.016', 'image', '0.016', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-2', 'image', 'standard', '512x512', TRUE, 18000000, 1, '0.018', 'image', '0.018', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-3', 'image', 'hd', '1024x1024', TRUE, 80000000, 1, '0.08', 'image', '0.08', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-3', 'image', 'hd', '1024x1792', TRUE, 120000000, 1, '0.12', 'image', '0.12', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-3', 'image', 'hd', '1792x1024', TRUE, 120000000, 1, '0.12', 'image', '0.12', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-3', 'image', 'standard', '1024x1024', TRUE, 40000000, 1, '0.04', 'image', '0.04', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-3', 'image', 'standard', '1024x1792', TRUE, 80000000, 1, '0.08', 'image', '0.08', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'dall-e-3', 'image', 'standard', '1792x1024', TRUE, 80000000, 1, '0.08', 'image', '0.08', 'per image', DATE '2023-12-25', NULL, 'S28', 'https://github.com/kevinhermawan/Canvas', DATE '2026-08-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-4.1-nano', 'cached_text_input', NULL, NULL, TRUE, 25000000, 1000000, '0.025', '1M tokens', '0.025', 'per 1M tokens', DATE '2025-04-14', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-4.1-nano', 'text_input', NULL, NULL, TRUE, 100000000, 1000000, '0.10', '1M tokens', '0.10', 'per 1M tokens', DATE '2025-04-14', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-4.1-nano', 'text_output', NULL, NULL, TRUE, 400000000, 1000000, '0.40', '1M tokens', '0.40', 'per 1M tokens', DATE '2025-04-14', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-4o-mini', 'cached_text_input', NULL, NULL, TRUE, 75000000, 1000000, '0.075', '1M tokens', '0.075', 'per 1M tokens', DATE '2024-07-18', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-4o-mini', 'text_input', NULL, NULL, TRUE, 150000000, 1000000, '0.15', '1M tokens', '0.15', 'per 1M tokens', DATE '2024-07-18', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-4o-mini', 'text_output', NULL, NULL, TRUE, 600000000, 1000000, '0.60', '1M tokens', '0.60', 'per 1M tokens', DATE '2024-07-18', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5-mini', 'cached_text_input', NULL, NULL, TRUE, 25000000, 1000000, '0.025', '1M tokens', '0.025', 'per 1M tokens', DATE '2025-08-07', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5-mini', 'text_input', NULL, NULL, TRUE, 250000000, 1000000, '0.25', '1M tokens', '0.25', 'per 1M tokens', DATE '2025-08-07', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5-mini', 'text_output', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2025-08-07', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5-nano', 'cached_text_input', NULL, NULL, TRUE, 5000000, 1000000, '0.005', '1M tokens', '0.005', 'per 1M tokens', DATE '2025-08-07', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5-nano', 'text_input', NULL, NULL, TRUE, 50000000, 1000000, '0.05', '1M tokens', '0.05', 'per 1M tokens', DATE '2025-08-07', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5-nano', 'text_output', NULL, NULL, TRUE, 400000000, 1000000, '0.40', '1M tokens', '0.40', 'per 1M tokens', DATE '2025-08-07', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.4-mini', 'cached_text_input', NULL, NULL, TRUE, 75000000, 1000000, '0.075', '1M tokens', '0.075', 'per 1M tokens', DATE '2026-12-02', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.4-mini', 'text_input', NULL, NULL, TRUE, 750000000, 1000000, '0.75', '1M tokens', '0.75', 'per 1M tokens', DATE '2026-12-02', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.4-mini', 'text_output', NULL, NULL, TRUE, 4500000000, 1000000, '4.50', '1M tokens', '4.50', 'per 1M tokens', DATE '2026-12-02', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.4-nano', 'cached_text_input', NULL, NULL, TRUE, 20000000, 1000000, '0.02', '1M tokens', '0.02', 'per 1M tokens', DATE '2026-12-02', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.4-nano', 'text_input', NULL, NULL, TRUE, 200000000, 1000000, '0.20', '1M tokens', '0.20', 'per 1M tokens', DATE '2026-12-02', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.4-nano', 'text_output', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-12-02', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.6-luna', 'cached_text_input', NULL, NULL, TRUE, 20000000, 1000000, '0.02', '1M tokens', '0.02', 'per 1M tokens', DATE '2026-07-30', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.6-luna', 'text_input', NULL, NULL, TRUE, 200000000, 1000000, '0.20', '1M tokens', '0.20', 'per 1M tokens', DATE '2026-07-30', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-5.6-luna', 'text_output', NULL, NULL, TRUE, 1200000000, 1000000, '1.20', '1M tokens', '1.20', 'per 1M tokens', DATE '2026-07-30', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-6-luna', 'cached_text_input', NULL, NULL, TRUE, 10000000, 1000000, '0.01', '1M tokens', '0.01', 'per 1M tokens', DATE '2026-09-22', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-6-luna', 'text_input', NULL, NULL, TRUE, 100000000, 1000000, '0.10', '1M tokens', '0.10', 'per 1M tokens', DATE '2026-09-22', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-6-luna', 'text_output', NULL, NULL, TRUE, 500000000, 1000000, '0.50', '1M tokens', '0.50', 'per 1M tokens', DATE '2026-09-22', NULL, 'S66', 'https://developers.openai.com/api/docs/models/gpt-6-luna', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1', 'cached_image_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2025-04-23', NULL, 'S12', 'https://developers.openai.com/ja-JP/api/docs/models/gpt-image-1', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2025-04-23', NULL, 'S12', 'https://developers.openai.com/ja-JP/api/docs/models/gpt-image-1', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1', 'image_input', NULL, NULL, TRUE, 10000000000, 1000000, '10.00', '1M tokens', '10.00', 'per 1M tokens', DATE '2025-04-23', NULL, 'S12', 'https://developers.openai.com/ja-JP/api/docs/models/gpt-image-1', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1', 'image_output', NULL, NULL, TRUE, 40000000000, 1000000, '40.00', '1M tokens', '40.00', 'per 1M tokens', DATE '2025-04-23', NULL, 'S12', 'https://developers.openai.com/ja-JP/api/docs/models/gpt-image-1', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2025-04-23', NULL, 'S12', 'https://developers.openai.com/ja-JP/api/docs/models/gpt-image-1', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1-mini', 'cached_image_input', NULL, NULL, TRUE, 250000000, 1000000, '0.25', '1M tokens', '0.25', 'per 1M tokens', DATE '2025-10-06', NULL, 'S13', 'https://developers.openai.com/de-DE/api/docs/models/gpt-image-1-mini', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1-mini', 'cached_text_input', NULL, NULL, TRUE, 200000000, 1000000, '0.20', '1M tokens', '0.20', 'per 1M tokens', DATE '2025-10-06', NULL, 'S13', 'https://developers.openai.com/de-DE/api/docs/models/gpt-image-1-mini', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1-mini', 'image_input', NULL, NULL, TRUE, 2500000000, 1000000, '2.50', '1M tokens', '2.50', 'per 1M tokens', DATE '2025-10-06', NULL, 'S13', 'https://developers.openai.com/de-DE/api/docs/models/gpt-image-1-mini', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1-mini', 'image_output', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2025-10-06', NULL, 'S13', 'https://developers.openai.com/de-DE/api/docs/models/gpt-image-1-mini', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1-mini', 'text_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2025-10-06', NULL, 'S13', 'https://developers.openai.com/de-DE/api/docs/models/gpt-image-1-mini', DATE '2026-08-21', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1.5', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2025-12-16', NULL, 'S21', 'https://github.com/simonw/llm-prices/issues/41', DATE '2025-12-17', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1.5', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2025-12-16', NULL, 'S21', 'https://github.com/simonw/llm-prices/issues/41', DATE '2025-12-17', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1.5', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2025-12-16', NULL, 'S21', 'https://github.com/simonw/llm-prices/issues/41', DATE '2025-12-17', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1.5', 'image_output', NULL, NULL, TRUE, 32000000000, 1000000, '32.00', '1M tokens', '32.00', 'per 1M tokens', DATE '2025-12-16', NULL, 'S21', 'https://github.com/simonw/llm-prices/issues/41', DATE '2025-12-17', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1.5', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2025-12-16', NULL, 'S21', 'https://github.com/simonw/llm-prices/issues/41', DATE '2025-12-17', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-1.5', 'text_output', NULL, NULL, TRUE, 10000000000, 1000000, '10.00', '1M tokens', '10.00', 'per 1M tokens', DATE '2025-12-16', NULL, 'S21', 'https://github.com/simonw/llm-prices/issues/41', DATE '2025-12-17', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S24', 'https://github.com/theopenco/llmgateway/pull/2059', DATE '2026-04-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-04-21', NULL, 'S24', 'https://github.com/theopenco/llmgateway/pull/2059', DATE '2026-04-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S24', 'https://github.com/theopenco/llmgateway/pull/2059', DATE '2026-04-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2', 'image_output', NULL, NULL, TRUE, 30000000000, 1000000, '30.00', '1M tokens', '30.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S24', 'https://github.com/theopenco/llmgateway/pull/2059', DATE '2026-04-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S24', 'https://github.com/theopenco/llmgateway/pull/2059', DATE '2026-04-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2', 'text_output', NULL, NULL, TRUE, 10000000000, 1000000, '10.00', '1M tokens', '10.00', 'per 1M tokens', DATE '2026-04-21', NULL, 'S24', 'https://github.com/theopenco/llmgateway/pull/2059', DATE '2026-04-21', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-flare', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-flare', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-flare', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-flare', 'image_output', NULL, NULL, TRUE, 30000000000, 1000000, '30.00', '1M tokens', '30.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-flare', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-sunburst', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-sunburst', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-sunburst', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-sunburst', 'image_output', NULL, NULL, TRUE, 30000000000, 1000000, '30.00', '1M tokens', '30.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.5-sunburst', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-09-08', NULL, 'S54', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', DATE '2026-12-02', 'secondary', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-flare', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-flare', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-flare', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-flare', 'image_output', NULL, NULL, TRUE, 30000000000, 1000000, '30.00', '1M tokens', '30.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-flare', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-sunburst', 'cached_image_input', NULL, NULL, TRUE, 2000000000, 1000000, '2.00', '1M tokens', '2.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-sunburst', 'cached_text_input', NULL, NULL, TRUE, 1250000000, 1000000, '1.25', '1M tokens', '1.25', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-sunburst', 'image_input', NULL, NULL, TRUE, 8000000000, 1000000, '8.00', '1M tokens', '8.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-sunburst', 'image_output', NULL, NULL, TRUE, 30000000000, 1000000, '30.00', '1M tokens', '30.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL),
  ('openai', 'standard', NULL, 'gpt-image-2.6-sunburst', 'text_input', NULL, NULL, TRUE, 5000000000, 1000000, '5.00', '1M tokens', '5.00', 'per 1M tokens', DATE '2026-11-04', NULL, 'S52', 'https://developers.openai.com/api/docs/models/gpt-image-2.6-sunburst', DATE '2026-12-02', 'official', NULL, NULL)) AS v(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22);

-- Billed components in pricing order.
CREATE OR REPLACE TABLE imagecost_components AS
SELECT CAST(c1 AS BIGINT) AS slot, CAST(c2 AS VARCHAR) AS component
FROM (VALUES
  (0, 'text_input'),
  (1, 'cached_text_input'),
  (2, 'image_input'),
  (3, 'cached_image_input'),
  (4, 'image_output'),
  (5, 'text_output'),
  (6, 'image')) AS v(c1, c2);

-- One row: partial-image tokens, the assumed prompt (records without usage), how n > 1 bills input, the defaults.
CREATE OR REPLACE TABLE imagecost_token_constants AS
SELECT CAST(c1 AS BIGINT) AS partial_image_tokens, CAST(c2 AS BIGINT) AS default_prompt_tokens, CAST(c3 AS BIGINT) AS generation_prompt_overhead, CAST(c4 AS VARCHAR) AS n_billing, CAST(c5 AS VARCHAR) AS default_provider, CAST(c6 AS DATE) AS price_date, CAST(c7 AS VARCHAR) AS price_book_fingerprint
FROM (VALUES
  (100, 50, 6, 'per_image', 'azure', NULL, 'fed8fe5b70d3e18d031e55384ac6a2974d7413c7355173618de640f9ecf4bf4f')) AS v(c1, c2, c3, c4, c5, c6, c7);

-- Providers and the deployment type used when a record names none.
CREATE OR REPLACE TABLE imagecost_providers AS
SELECT CAST(c1 AS VARCHAR) AS provider, CAST(c2 AS VARCHAR) AS default_deployment_type
FROM (VALUES
  ('azure', 'global'),
  ('openai', 'standard')) AS v(c1, c2);

-- The deployment types each provider sells.
CREATE OR REPLACE TABLE imagecost_deployment_types AS
SELECT CAST(c1 AS VARCHAR) AS provider, CAST(c2 AS VARCHAR) AS deployment_type
FROM (VALUES
  ('azure', 'global'),
  ('azure', 'datazone'),
  ('azure', 'regional'),
  ('azure', 'batch'),
  ('azure', 'datazone-batch'),
  ('openai', 'standard'),
  ('openai', 'batch')) AS v(c1, c2);

-- Provider × deployment type × model with at least one metered rate.
CREATE OR REPLACE TABLE imagecost_offered AS
SELECT CAST(c1 AS VARCHAR) AS provider, CAST(c2 AS VARCHAR) AS deployment_type, CAST(c3 AS VARCHAR) AS model
FROM (VALUES
  ('azure', 'batch', 'gpt-image-2'),
  ('azure', 'datazone', 'gpt-4.1-mini'),
  ('azure', 'datazone', 'gpt-4.1-nano'),
  ('azure', 'datazone', 'gpt-4o-mini'),
  ('azure', 'datazone', 'gpt-image-1'),
  ('azure', 'datazone', 'gpt-image-1-mini'),
  ('azure', 'datazone', 'gpt-image-1.5'),
  ('azure', 'datazone', 'gpt-image-2'),
  ('azure', 'datazone-batch', 'gpt-image-2'),
  ('azure', 'global', 'dall-e-2'),
  ('azure', 'global', 'dall-e-3'),
  ('azure', 'global', 'gpt-4.1-mini'),
  ('azure', 'global', 'gpt-4.1-nano'),
  ('azure', 'global', 'gpt-4o-mini'),
  ('azure', 'global', 'gpt-5-mini'),
  ('azure', 'global', 'gpt-5-nano'),
  ('azure', 'global', 'gpt-5.4-mini'),
  ('azure', 'global', 'gpt-5.4-nano'),
  ('azure', 'global', 'gpt-5.6-luna'),
  ('azure', 'global', 'gpt-image-1'),
  ('azure', 'global', 'gpt-image-1-mini'),
  ('azure', 'global', 'gpt-image-1.5'),
  ('azure', 'global', 'gpt-image-2'),
  ('azure', 'regional', 'dall-e-2'),
  ('azure', 'regional', 'dall-e-3'),
  ('azure', 'regional', 'gpt-image-1-mini'),
  ('openai', 'batch', 'gpt-6-luna'),
  ('openai', 'batch', 'gpt-image-1'),
  ('openai', 'batch', 'gpt-image-1-mini'),
  ('openai', 'batch', 'gpt-image-1.5'),
  ('openai', 'batch', 'gpt-image-2'),
  ('openai', 'batch', 'gpt-image-2.5-flare'),
  ('openai', 'batch', 'gpt-image-2.5-sunburst'),
  ('openai', 'standard', 'dall-e-2'),
  ('openai', 'standard', 'dall-e-3'),
  ('openai', 'standard', 'gpt-4.1-nano'),
  ('openai', 'standard', 'gpt-4o-mini'),
  ('openai', 'standard', 'gpt-5-mini'),
  ('openai', 'standard', 'gpt-5-nano'),
  ('openai', 'standard', 'gpt-5.4-mini'),
  ('openai', 'standard', 'gpt-5.4-nano'),
  ('openai', 'standard', 'gpt-5.6-luna'),
  ('openai', 'standard', 'gpt-6-luna'),
  ('openai', 'standard', 'gpt-image-1'),
  ('openai', 'standard', 'gpt-image-1-mini'),
  ('openai', 'standard', 'gpt-image-1.5'),
  ('openai', 'standard', 'gpt-image-2'),
  ('openai', 'standard', 'gpt-image-2.5-flare'),
  ('openai', 'standard', 'gpt-image-2.5-sunburst'),
  ('openai', 'standard', 'gpt-image-2.6-flare'),
  ('openai', 'standard', 'gpt-image-2.6-sunburst')) AS v(c1, c2, c3);

-- Image models: how each is billed, its token rules and the capabilities a record without usage is checked against.
CREATE OR REPLACE TABLE imagecost_models AS
SELECT CAST(c1 AS VARCHAR) AS model, CAST(c2 AS VARCHAR) AS pricing, CAST(c3 AS VARCHAR) AS output_rule, CAST(c4 AS VARCHAR) AS input_image_rule, CAST(c5 AS VARCHAR) AS text_output_rule, CAST(c6 AS BIGINT) AS text_output_tokens, CAST(c7 AS BOOLEAN) AS emits_text_output, CAST(c8 AS BOOLEAN) AS generate_ok, CAST(c9 AS BOOLEAN) AS edit_ok, CAST(c10 AS VARCHAR) AS size_formula, CAST(c11 AS BIGINT) AS default_width, CAST(c12 AS BIGINT) AS default_height, CAST(c13 AS VARCHAR) AS auto_quality, CAST(c14 AS BIGINT) AS n_min, CAST(c15 AS BIGINT) AS n_max, CAST(c16 AS VARCHAR) AS input_fidelity, CAST(c17 AS BOOLEAN) AS streaming, CAST(c18 AS BIGINT) AS partial_images_min, CAST(c19 AS BIGINT) AS partial_images_max, CAST(c20 AS BIGINT) AS max_input_images
FROM (VALUES
  ('dall-e-2', 'per_image', NULL, NULL, NULL, NULL, FALSE, TRUE, TRUE, NULL, 1024, 1024, NULL, 1, 10, 'unsupported', FALSE, 0, 0, 1),
  ('dall-e-3', 'per_image', NULL, NULL, NULL, NULL, FALSE, TRUE, FALSE, NULL, 1024, 1024, NULL, 1, 1, 'unsupported', FALSE, 0, 0, 0),
  ('gpt-image-1', 'tokens', 'gpt-image-1-table', 'tiles-512', NULL, NULL, FALSE, TRUE, TRUE, NULL, 1024, 1024, 'high', 1, 10, 'optional', TRUE, 0, 3, 16),
  ('gpt-image-1-mini', 'tokens', 'gpt-image-1-table', 'tiles-512', NULL, NULL, FALSE, TRUE, TRUE, NULL, 1024, 1024, 'high', 1, 10, 'unsupported', TRUE, 0, 3, 16),
  ('gpt-image-1.5', 'tokens', 'gpt-image-1-table', 'tiles-512', 'text-output-observed', 352, TRUE, TRUE, TRUE, NULL, 1024, 1024, 'high', 1, 10, 'optional', TRUE, 0, 3, 16),
  ('gpt-image-2', 'tokens', 'gpt-image-2-formula', 'tiles-512', 'text-output-gpt-image-2', 0, FALSE, TRUE, TRUE, 'gpt-image-2-formula', 1024, 1024, 'high', 1, 10, 'always_high', TRUE, 0, 3, 16),
  ('gpt-image-2.5-flare', 'tokens', 'gpt-image-2.5-estimate', 'tiles-512', NULL, NULL, FALSE, TRUE, TRUE, 'gpt-image-2-formula', 1024, 1024, 'high', 1, 10, 'always_high', TRUE, 0, 3, 16),
  ('gpt-image-2.5-sunburst', 'tokens', 'gpt-image-2.5-estimate', 'tiles-512', NULL, NULL, FALSE, TRUE, TRUE, 'gpt-image-2-formula', 1024, 1024, 'high', 1, 10, 'always_high', TRUE, 0, 3, 16),
  ('gpt-image-2.6-flare', 'tokens', 'gpt-image-2.6-estimate', 'tiles-512', NULL, NULL, FALSE, TRUE, TRUE, 'gpt-image-2-formula', 1024, 1024, 'high', 1, 10, 'always_high', TRUE, 0, 3, 16),
  ('gpt-image-2.6-sunburst', 'tokens', 'gpt-image-2.6-estimate', 'tiles-512', NULL, NULL, FALSE, TRUE, TRUE, 'gpt-image-2-formula', 1024, 1024, 'high', 1, 10, 'always_high', TRUE, 0, 3, 16)) AS v(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20);

-- Model names and aliases (lower case) → the model id of the book.
CREATE OR REPLACE TABLE imagecost_model_names AS
SELECT CAST(c1 AS VARCHAR) AS name, CAST(c2 AS VARCHAR) AS model
FROM (VALUES
  ('dall-e-2', 'dall-e-2'),
  ('dall-e-3', 'dall-e-3'),
  ('gpt-image-1', 'gpt-image-1'),
  ('gpt-image-1-mini', 'gpt-image-1-mini'),
  ('gpt-image-1.5', 'gpt-image-1.5'),
  ('gpt-image-1.5-2025-12-16', 'gpt-image-1.5'),
  ('gpt-image-2', 'gpt-image-2'),
  ('gpt-image-2-2026-04-21', 'gpt-image-2'),
  ('gpt-image-2.5-flare', 'gpt-image-2.5-flare'),
  ('gpt-image-2.5-flare-2026-09-08', 'gpt-image-2.5-flare'),
  ('gpt-image-2.5-sunburst', 'gpt-image-2.5-sunburst'),
  ('gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.5-sunburst'),
  ('gpt-image-2.6-flare', 'gpt-image-2.6-flare'),
  ('gpt-image-2.6-sunburst', 'gpt-image-2.6-sunburst')) AS v(c1, c2);

-- The qualities each model accepts.
CREATE OR REPLACE TABLE imagecost_model_qualities AS
SELECT CAST(c1 AS VARCHAR) AS model, CAST(c2 AS VARCHAR) AS quality
FROM (VALUES
  ('dall-e-2', 'standard'),
  ('dall-e-3', 'standard'),
  ('dall-e-3', 'hd'),
  ('gpt-image-1', 'low'),
  ('gpt-image-1', 'medium'),
  ('gpt-image-1', 'high'),
  ('gpt-image-1-mini', 'low'),
  ('gpt-image-1-mini', 'medium'),
  ('gpt-image-1-mini', 'high'),
  ('gpt-image-1.5', 'low'),
  ('gpt-image-1.5', 'medium'),
  ('gpt-image-1.5', 'high'),
  ('gpt-image-2', 'low'),
  ('gpt-image-2', 'medium'),
  ('gpt-image-2', 'high'),
  ('gpt-image-2.5-flare', 'low'),
  ('gpt-image-2.5-flare', 'medium'),
  ('gpt-image-2.5-flare', 'high'),
  ('gpt-image-2.5-flare', 'xhigh'),
  ('gpt-image-2.5-flare', 'max'),
  ('gpt-image-2.5-sunburst', 'low'),
  ('gpt-image-2.5-sunburst', 'medium'),
  ('gpt-image-2.5-sunburst', 'high'),
  ('gpt-image-2.5-sunburst', 'xhigh'),
  ('gpt-image-2.5-sunburst', 'max'),
  ('gpt-image-2.6-flare', 'low'),
  ('gpt-image-2.6-flare', 'medium'),
  ('gpt-image-2.6-flare', 'high'),
  ('gpt-image-2.6-flare', 'xhigh'),
  ('gpt-image-2.6-flare', 'max'),
  ('gpt-image-2.6-sunburst', 'low'),
  ('gpt-image-2.6-sunburst', 'medium'),
  ('gpt-image-2.6-sunburst', 'high'),
  ('gpt-image-2.6-sunburst', 'xhigh'),
  ('gpt-image-2.6-sunburst', 'max')) AS v(c1, c2);

-- Model × provider → the quality used when a record names none.
CREATE OR REPLACE TABLE imagecost_default_qualities AS
SELECT CAST(c1 AS VARCHAR) AS model, CAST(c2 AS VARCHAR) AS provider, CAST(c3 AS VARCHAR) AS quality
FROM (VALUES
  ('dall-e-2', 'azure', 'standard'),
  ('dall-e-2', 'openai', 'standard'),
  ('dall-e-3', 'azure', 'standard'),
  ('dall-e-3', 'openai', 'standard'),
  ('gpt-image-1', 'azure', 'high'),
  ('gpt-image-1', 'openai', 'auto'),
  ('gpt-image-1-mini', 'azure', 'medium'),
  ('gpt-image-1-mini', 'openai', 'auto'),
  ('gpt-image-1.5', 'azure', 'high'),
  ('gpt-image-1.5', 'openai', 'auto'),
  ('gpt-image-2', 'azure', 'auto'),
  ('gpt-image-2', 'openai', 'auto'),
  ('gpt-image-2.5-flare', 'azure', 'max'),
  ('gpt-image-2.5-flare', 'openai', 'auto'),
  ('gpt-image-2.5-sunburst', 'azure', 'max'),
  ('gpt-image-2.5-sunburst', 'openai', 'auto'),
  ('gpt-image-2.6-flare', 'azure', 'max'),
  ('gpt-image-2.6-flare', 'openai', 'auto'),
  ('gpt-image-2.6-sunburst', 'azure', 'max'),
  ('gpt-image-2.6-sunburst', 'openai', 'auto')) AS v(c1, c2, c3);

-- The listed sizes of models without a size formula.
CREATE OR REPLACE TABLE imagecost_model_sizes AS
SELECT CAST(c1 AS VARCHAR) AS model, CAST(c2 AS BIGINT) AS width, CAST(c3 AS BIGINT) AS height
FROM (VALUES
  ('dall-e-2', 256, 256),
  ('dall-e-2', 512, 512),
  ('dall-e-2', 1024, 1024),
  ('dall-e-3', 1024, 1024),
  ('dall-e-3', 1024, 1792),
  ('dall-e-3', 1792, 1024),
  ('gpt-image-1', 1024, 1024),
  ('gpt-image-1', 1024, 1536),
  ('gpt-image-1', 1536, 1024),
  ('gpt-image-1-mini', 1024, 1024),
  ('gpt-image-1-mini', 1024, 1536),
  ('gpt-image-1-mini', 1536, 1024),
  ('gpt-image-1.5', 1024, 1024),
  ('gpt-image-1.5', 1024, 1536),
  ('gpt-image-1.5', 1536, 1024)) AS v(c1, c2, c3);

-- Published output-token tables: image output tokens per image by quality × size.
CREATE OR REPLACE TABLE imagecost_output_tokens AS
SELECT CAST(c1 AS VARCHAR) AS rule, CAST(c2 AS VARCHAR) AS quality, CAST(c3 AS BIGINT) AS width, CAST(c4 AS BIGINT) AS height, CAST(c5 AS BIGINT) AS tokens
FROM (VALUES
  ('gpt-image-1-table', 'high', 1024, 1024, 4160),
  ('gpt-image-1-table', 'high', 1024, 1536, 6240),
  ('gpt-image-1-table', 'high', 1536, 1024, 6208),
  ('gpt-image-1-table', 'low', 1024, 1024, 272),
  ('gpt-image-1-table', 'low', 1024, 1536, 408),
  ('gpt-image-1-table', 'low', 1536, 1024, 400),
  ('gpt-image-1-table', 'medium', 1024, 1024, 1056),
  ('gpt-image-1-table', 'medium', 1024, 1536, 1584),
  ('gpt-image-1-table', 'medium', 1536, 1024, 1568)) AS v(c1, c2, c3, c4, c5);

-- Output-token formulas (and estimates borrowing one) by quality.
CREATE OR REPLACE TABLE imagecost_output_formulas AS
SELECT CAST(c1 AS VARCHAR) AS rule, CAST(c2 AS VARCHAR) AS quality, CAST(c3 AS BIGINT) AS quality_factor, CAST(c4 AS BIGINT) AS area_offset, CAST(c5 AS BIGINT) AS area_divisor, CAST(c6 AS VARCHAR) AS borrows, CAST(c7 AS BIGINT) AS range_low_percent, CAST(c8 AS BIGINT) AS range_high_percent, CAST(c9 AS VARCHAR) AS assumption
FROM (VALUES
  ('gpt-image-2-formula', 'high', 96, 2000000, 4000000, NULL, NULL, NULL, 'gpt-image-2-formula'),
  ('gpt-image-2-formula', 'low', 16, 2000000, 4000000, NULL, NULL, NULL, 'gpt-image-2-formula'),
  ('gpt-image-2-formula', 'medium', 48, 2000000, 4000000, NULL, NULL, NULL, 'gpt-image-2-formula'),
  ('gpt-image-2.5-estimate', 'high', 96, 2000000, 4000000, 'gpt-image-2-formula', 50, 200, 'gpt-image-2.5-output-estimate'),
  ('gpt-image-2.5-estimate', 'low', 16, 2000000, 4000000, 'gpt-image-2-formula', 50, 200, 'gpt-image-2.5-output-estimate'),
  ('gpt-image-2.5-estimate', 'max', 192, 2000000, 4000000, 'gpt-image-2-formula', 50, 200, 'gpt-image-2.5-output-estimate'),
  ('gpt-image-2.5-estimate', 'medium', 48, 2000000, 4000000, 'gpt-image-2-formula', 50, 200, 'gpt-image-2.5-output-estimate'),
  ('gpt-image-2.5-estimate', 'xhigh', 144, 2000000, 4000000, 'gpt-image-2-formula', 50, 200, 'gpt-image-2.5-output-estimate'),
  ('gpt-image-2.6-estimate', 'high', 96, 2000000, 4000000, 'gpt-image-2-formula', 50, 400, 'gpt-image-2.6-output-estimate'),
  ('gpt-image-2.6-estimate', 'low', 16, 2000000, 4000000, 'gpt-image-2-formula', 50, 400, 'gpt-image-2.6-output-estimate'),
  ('gpt-image-2.6-estimate', 'max', 192, 2000000, 4000000, 'gpt-image-2-formula', 50, 400, 'gpt-image-2.6-output-estimate'),
  ('gpt-image-2.6-estimate', 'medium', 48, 2000000, 4000000, 'gpt-image-2-formula', 50, 400, 'gpt-image-2.6-output-estimate'),
  ('gpt-image-2.6-estimate', 'xhigh', 144, 2000000, 4000000, 'gpt-image-2-formula', 50, 400, 'gpt-image-2.6-output-estimate')) AS v(c1, c2, c3, c4, c5, c6, c7, c8, c9);

-- Size rules of arbitrary-size models (checked for records without usage).
CREATE OR REPLACE TABLE imagecost_size_rules AS
SELECT CAST(c1 AS VARCHAR) AS rule, CAST(c2 AS BIGINT) AS edge_multiple, CAST(c3 AS BIGINT) AS max_ratio, CAST(c4 AS BIGINT) AS min_pixels, CAST(c5 AS BIGINT) AS max_pixels, CAST(c6 AS BIGINT) AS max_edge
FROM (VALUES
  ('gpt-image-2-formula', 16, 3, 655360, 8294400, 3840)) AS v(c1, c2, c3, c4, c5, c6);

-- Input-image tile rules: fit, scale the shortest side, count tiles, base + per tile (+ the high-fidelity addend).
CREATE OR REPLACE TABLE imagecost_input_image_rules AS
SELECT CAST(c1 AS VARCHAR) AS rule, CAST(c2 AS BIGINT) AS fit_within, CAST(c3 AS BIGINT) AS shortest_side, CAST(c4 AS BIGINT) AS tile_size, CAST(c5 AS BIGINT) AS base_tokens, CAST(c6 AS BIGINT) AS tokens_per_tile, CAST(c7 AS BOOLEAN) AS upscale_small_images, CAST(c8 AS BOOLEAN) AS tiles_from_whole_pixels, CAST(c9 AS BIGINT) AS high_fidelity_square, CAST(c10 AS BIGINT) AS high_fidelity_non_square
FROM (VALUES
  ('tiles-512', 2048, 512, 512, 65, 129, FALSE, TRUE, 4160, 6240)) AS v(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10);

-- Text output tokens per image assumed for records without usage (typical, with the observed range).
CREATE OR REPLACE TABLE imagecost_text_output_estimates AS
SELECT CAST(c1 AS VARCHAR) AS rule, CAST(c2 AS BIGINT) AS typical, CAST(c3 AS BIGINT) AS low, CAST(c4 AS BIGINT) AS high, CAST(c5 AS VARCHAR) AS assumption
FROM (VALUES
  ('text-output-gpt-image-2', 0, 0, 0, 'gpt-image-2-no-text-output'),
  ('text-output-observed', 352, 265, 439, 'text-output-tokens-observed')) AS v(c1, c2, c3, c4, c5);

-- One row per distinct request id (its first occurrence), priced as `imagecost replay` prices it.
CREATE OR REPLACE VIEW imagecost_priced AS
WITH numbered AS (
  SELECT u."log_seq" AS raw_log_seq, u."id" AS raw_id, u."time" AS raw_time, u."created" AS raw_created, u."provider" AS raw_provider, u."deployment_type" AS raw_deployment_type, u."region" AS raw_region, u."model" AS raw_model, u."operation" AS raw_operation, u."size" AS raw_size, u."quality" AS raw_quality, u."n" AS raw_n, u."input_images" AS raw_input_images, u."input_fidelity" AS raw_input_fidelity, u."partial_images" AS raw_partial_images, u."status" AS raw_status, u."usage_input_tokens" AS raw_usage_input_tokens, u."usage_input_text_tokens" AS raw_usage_input_text_tokens, u."usage_input_image_tokens" AS raw_usage_input_image_tokens, u."usage_output_tokens" AS raw_usage_output_tokens, u."usage_output_image_tokens" AS raw_usage_output_image_tokens, u."usage_output_text_tokens" AS raw_usage_output_text_tokens,
    ROW_NUMBER() OVER (PARTITION BY COALESCE(u."id", '#' || CAST(u."log_seq" AS VARCHAR)) ORDER BY u."log_seq") AS occurrence
  FROM image_requests u
),
logged AS (
  SELECT p.raw_log_seq AS log_seq, p.raw_id AS request_id, CASE WHEN p.raw_time IS NOT NULL THEN TRY_CAST(SUBSTR(p.raw_time, 1, 10) AS DATE) WHEN p.raw_created IS NOT NULL THEN DATE '1970-01-01' + CAST((p.raw_created) // (86400) AS INTEGER) END AS day, p.raw_model AS logged_model, p.raw_provider AS logged_provider,
    p.raw_deployment_type AS logged_deployment_type, p.raw_region AS region, COALESCE(p.raw_operation, 'generate') AS operation,
    p.raw_quality AS logged_quality, p.raw_size AS logged_size,
    CASE WHEN p.raw_size IS NOT NULL AND p.raw_size <> 'auto' THEN TRY_CAST(split_part(p.raw_size, 'x', 1) AS BIGINT) END AS logged_width,
    CASE WHEN p.raw_size IS NOT NULL AND p.raw_size <> 'auto' THEN TRY_CAST(split_part(p.raw_size, 'x', 2) AS BIGINT) END AS logged_height,
    COALESCE(p.raw_n, 1) AS n, p.raw_input_images AS input_images, COALESCE(len(p.raw_input_images), 0) AS input_image_count,
    p.raw_input_fidelity AS input_fidelity, COALESCE(p.raw_partial_images, 0) AS partial_images, p.raw_status AS status,
    (p.raw_usage_input_tokens IS NOT NULL AND p.raw_usage_output_tokens IS NOT NULL) AS has_usage,
    p.raw_usage_input_tokens AS usage_input_tokens, p.raw_usage_input_text_tokens AS usage_input_text_tokens,
    p.raw_usage_input_image_tokens AS usage_input_image_tokens, p.raw_usage_output_tokens AS usage_output_tokens,
    p.raw_usage_output_image_tokens AS usage_output_image_tokens, p.raw_usage_output_text_tokens AS usage_output_text_tokens
  FROM numbered p
  WHERE p.occurrence = 1
),
resolved AS (
  SELECT p.*, p.day AS price_day, m.model AS model_id, COALESCE(m.model, p.logged_model) AS model, m.pricing, m.output_rule,
    m.input_image_rule, m.text_output_rule, m.text_output_tokens, m.emits_text_output, m.generate_ok, m.edit_ok, m.size_formula, m.n_min, m.n_max,
    m.input_fidelity AS fidelity_support, m.streaming, m.partial_images_min, m.partial_images_max, m.max_input_images,
    pv.provider AS provider_id, COALESCE(pv.provider, p.logged_provider) AS provider, dt.deployment_type AS deployment_type_id,
    COALESCE(p.logged_deployment_type, pv.default_deployment_type) AS deployment_type, COALESCE(p.logged_quality, dq.quality) AS quality,
    CASE WHEN COALESCE(p.logged_quality, dq.quality) = 'auto' AND m.auto_quality IS NOT NULL THEN m.auto_quality ELSE COALESCE(p.logged_quality, dq.quality) END AS priced_quality,
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
),
checked AS (
  SELECT p.*, CASE WHEN p.day IS NULL THEN 'The record has no valid time (or created) to price it at.'
      WHEN p.logged_model IS NULL THEN 'The record names no model.'
      WHEN p.model_id IS NULL THEN 'Unknown model ' || '''' || p.logged_model || '''.'
      WHEN p.provider_id IS NULL THEN 'Unknown provider ' || '''' || p.provider || '''.'
      WHEN p.deployment_type_id IS NULL THEN 'Provider ' || p.provider || ' has no deployment type ' || '''' || p.deployment_type || '''.'
      WHEN p.operation NOT IN ('generate', 'edit') THEN 'The logged operation ' || p.operation || ' is neither generate nor edit.'
      WHEN p.width IS NULL OR p.height IS NULL OR p.width <= 0 OR p.height <= 0 THEN 'The logged size ' || p.logged_size || ' is not WIDTHxHEIGHT.'
    END AS resolve_error, CASE WHEN (p.operation = 'generate' AND NOT p.generate_ok) OR (p.operation = 'edit' AND NOT p.edit_ok)
        THEN 'The logged operation=' || p.operation || ' is not one ' || p.model || ' supports; without usage it cannot be estimated.'
      WHEN NOT (p.quality = 'auto' AND p.priced_quality <> 'auto') AND mq.quality IS NULL
        THEN 'The logged quality=' || p.quality || ' is not one the price book lists for ' || p.model || '; without usage it cannot be estimated.'
      WHEN p.size_formula IS NOT NULL AND (CASE WHEN (p.width) % (sr.edge_multiple) <> 0 OR (p.height) % (sr.edge_multiple) <> 0 THEN 'edges must be multiples of ' || CAST(sr.edge_multiple AS VARCHAR)
      WHEN GREATEST(p.width, p.height) > LEAST(p.width, p.height) * sr.max_ratio THEN 'the aspect ratio exceeds ' || CAST(sr.max_ratio AS VARCHAR) || ':1'
      WHEN p.width * p.height < sr.min_pixels THEN 'below the minimum of ' || CAST(sr.min_pixels AS VARCHAR) || ' pixels'
      WHEN p.width * p.height > sr.max_pixels THEN 'above the maximum of ' || CAST(sr.max_pixels AS VARCHAR) || ' pixels'
      WHEN GREATEST(p.width, p.height) > sr.max_edge THEN 'the longest edge exceeds ' || CAST(sr.max_edge AS VARCHAR) || ' px'
    END) IS NOT NULL
        THEN 'The logged size=' || CAST(p.width AS VARCHAR) || 'x' || CAST(p.height AS VARCHAR) || ' is not one ' || p.model || ' supports (' || (CASE WHEN (p.width) % (sr.edge_multiple) <> 0 OR (p.height) % (sr.edge_multiple) <> 0 THEN 'edges must be multiples of ' || CAST(sr.edge_multiple AS VARCHAR)
      WHEN GREATEST(p.width, p.height) > LEAST(p.width, p.height) * sr.max_ratio THEN 'the aspect ratio exceeds ' || CAST(sr.max_ratio AS VARCHAR) || ':1'
      WHEN p.width * p.height < sr.min_pixels THEN 'below the minimum of ' || CAST(sr.min_pixels AS VARCHAR) || ' pixels'
      WHEN p.width * p.height > sr.max_pixels THEN 'above the maximum of ' || CAST(sr.max_pixels AS VARCHAR) || ' pixels'
      WHEN GREATEST(p.width, p.height) > sr.max_edge THEN 'the longest edge exceeds ' || CAST(sr.max_edge AS VARCHAR) || ' px'
    END) || '); without usage it cannot be estimated.'
      WHEN p.size_formula IS NULL AND ms.width IS NULL
        THEN 'The logged size=' || CAST(p.width AS VARCHAR) || 'x' || CAST(p.height AS VARCHAR) || ' is not one ' || p.model || ' supports; without usage it cannot be estimated.'
      WHEN p.n < p.n_min OR p.n > p.n_max THEN 'The logged n=' || CAST(p.n AS VARCHAR) || ' is outside ' || p.model || '''s range; without usage it cannot be estimated.'
      WHEN p.operation = 'generate' AND p.input_image_count > 0 THEN 'The logged generate request has input_images, which only edits take; without usage it cannot be estimated.'
      WHEN p.operation = 'generate' AND p.input_fidelity IS NOT NULL THEN 'The logged input_fidelity is on a generate request (edits only); without usage it cannot be estimated.'
      WHEN p.operation = 'edit' AND p.input_image_count = 0
        THEN 'The logged ' || p.model || ' edit has neither usage nor input_images sizes, so its image input cannot be estimated.'
      WHEN p.operation = 'edit' AND p.input_image_count > p.max_input_images
        THEN 'The logged edit has ' || CAST(p.input_image_count AS VARCHAR) || ' input images; ' || p.model || ' accepts fewer, so without usage it cannot be estimated.'
      WHEN p.input_fidelity IS NOT NULL AND p.input_fidelity NOT IN ('low', 'high')
        THEN 'The logged input_fidelity=' || p.input_fidelity || ' is neither low nor high; without usage it cannot be estimated.'
      WHEN p.input_fidelity IS NOT NULL AND p.fidelity_support = 'unsupported'
        THEN 'The logged input_fidelity=' || p.input_fidelity || ' is not supported by ' || p.model || ' in the price book; without usage it cannot be estimated.'
      WHEN p.input_fidelity IS NOT NULL AND p.fidelity_support = 'always_high'
        THEN 'The logged input_fidelity=' || p.input_fidelity || ' conflicts with ' || p.model || ', which always uses high fidelity; without usage it cannot be estimated.'
      WHEN p.partial_images <> 0 AND (NOT p.streaming OR p.partial_images_max <= 0)
        THEN 'The logged partial_images is not supported by ' || p.model || ', which does not stream partial images; without usage it cannot be estimated.'
      WHEN p.partial_images <> 0 AND (p.partial_images < p.partial_images_min OR p.partial_images > p.partial_images_max)
        THEN 'The logged partial_images=' || CAST(p.partial_images AS VARCHAR) || ' is outside ' || p.model || '''s range; without usage it cannot be estimated.'
    END AS capability_error,
    COALESCE(ot.tokens, CASE WHEN f.rule IS NOT NULL THEN (f.quality_factor * ((2 * f.quality_factor * LEAST(p.width, p.height) + GREATEST(p.width, p.height)) // (2 * GREATEST(p.width, p.height))) * (f.area_offset + p.width * p.height) + f.area_divisor - 1) // (f.area_divisor) END) AS tokens_per_image,
    o.model IS NOT NULL AS offered, CASE p.input_image_rule WHEN 'tiles-512' THEN (COALESCE(list_sum(list_transform(p.input_images, lambda img: 65 + 129 * GREATEST(1, (GREATEST(1, (img.width * (CASE WHEN LEAST(img.width, img.height) * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN 2048 ELSE 1 END) > 512 * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN GREATEST(img.width, img.height) ELSE 1 END) THEN 512 ELSE CASE WHEN GREATEST(img.width, img.height) > 2048 THEN 2048 ELSE 1 END END)) // ((CASE WHEN LEAST(img.width, img.height) * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN 2048 ELSE 1 END) > 512 * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN GREATEST(img.width, img.height) ELSE 1 END) THEN LEAST(img.width, img.height) ELSE CASE WHEN GREATEST(img.width, img.height) > 2048 THEN GREATEST(img.width, img.height) ELSE 1 END END))) + 511) // (512)) * GREATEST(1, (GREATEST(1, (img.height * (CASE WHEN LEAST(img.width, img.height) * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN 2048 ELSE 1 END) > 512 * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN GREATEST(img.width, img.height) ELSE 1 END) THEN 512 ELSE CASE WHEN GREATEST(img.width, img.height) > 2048 THEN 2048 ELSE 1 END END)) // ((CASE WHEN LEAST(img.width, img.height) * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN 2048 ELSE 1 END) > 512 * (CASE WHEN GREATEST(img.width, img.height) > 2048 THEN GREATEST(img.width, img.height) ELSE 1 END) THEN LEAST(img.width, img.height) ELSE CASE WHEN GREATEST(img.width, img.height) > 2048 THEN GREATEST(img.width, img.height) ELSE 1 END END))) + 511) // (512)))), 0)) + CASE WHEN p.fidelity = 'high' THEN (COALESCE(list_sum(list_transform(p.input_images, lambda img: CASE WHEN img.width = img.height THEN 1 ELSE 0 END)), 0)) * 4160 + (p.input_image_count - (COALESCE(list_sum(list_transform(p.input_images, lambda img: CASE WHEN img.width = img.height THEN 1 ELSE 0 END)), 0))) * 6240 ELSE 0 END END AS input_image_tokens,
    CAST(p.width AS VARCHAR) || 'x' || CAST(p.height AS VARCHAR) AS size
  FROM resolved p
  LEFT JOIN imagecost_model_qualities mq ON mq.model = p.model_id AND mq.quality = p.quality
  LEFT JOIN imagecost_model_sizes ms ON ms.model = p.model_id AND ms.width = p.width AND ms.height = p.height
  LEFT JOIN imagecost_size_rules sr ON sr.rule = p.size_formula
  LEFT JOIN imagecost_offered o ON o.provider = p.provider_id AND o.deployment_type = p.deployment_type_id AND o.model = p.model_id
  LEFT JOIN imagecost_output_tokens ot ON ot.rule = p.output_rule AND ot.quality = p.priced_quality AND ot.width = p.width AND ot.height = p.height
  LEFT JOIN imagecost_output_formulas f ON f.rule = p.output_rule AND f.quality = p.priced_quality
),
quantities AS (
  SELECT p.*,
    CASE WHEN p.quantity_error IS NULL THEN CASE p.mode WHEN 'usage' THEN COALESCE(p.usage_input_text_tokens, p.usage_input_tokens - COALESCE(p.usage_input_image_tokens, 0)) WHEN 'estimate' THEN p.default_prompt_tokens * CASE WHEN p.n_billing = 'per_image' THEN p.n ELSE 1 END ELSE 0 END END AS q_text_input,
      CASE WHEN p.quantity_error IS NULL THEN CASE p.mode WHEN 'usage' THEN 0 WHEN 'estimate' THEN 0 ELSE 0 END END AS q_cached_text_input,
      CASE WHEN p.quantity_error IS NULL THEN CASE p.mode WHEN 'usage' THEN COALESCE(p.usage_input_image_tokens, 0) WHEN 'estimate' THEN CASE WHEN p.operation = 'edit' THEN p.input_image_tokens * CASE WHEN p.n_billing = 'per_image' THEN p.n ELSE 1 END ELSE 0 END ELSE 0 END END AS q_image_input,
      CASE WHEN p.quantity_error IS NULL THEN CASE p.mode WHEN 'usage' THEN 0 WHEN 'estimate' THEN 0 ELSE 0 END END AS q_cached_image_input,
      CASE WHEN p.quantity_error IS NULL THEN CASE p.mode WHEN 'usage' THEN CASE WHEN p.usage_output_image_tokens IS NOT NULL THEN p.usage_output_image_tokens WHEN p.emits_text_output THEN LEAST((p.tokens_per_image + p.partial_images * p.partial_image_tokens) * p.n, p.usage_output_tokens) ELSE p.usage_output_tokens END WHEN 'estimate' THEN (p.tokens_per_image + p.partial_images * p.partial_image_tokens) * p.n ELSE 0 END END AS q_image_output,
      CASE WHEN p.quantity_error IS NULL THEN CASE p.mode WHEN 'usage' THEN CASE WHEN p.usage_output_image_tokens IS NOT NULL THEN COALESCE(p.usage_output_text_tokens, p.usage_output_tokens - p.usage_output_image_tokens)
      WHEN p.emits_text_output THEN p.usage_output_tokens - LEAST((p.tokens_per_image + p.partial_images * p.partial_image_tokens) * p.n, p.usage_output_tokens) ELSE 0 END WHEN 'estimate' THEN CASE WHEN p.text_output_rule IS NOT NULL THEN p.text_output_tokens * p.n ELSE 0 END ELSE 0 END END AS q_text_output,
      CASE WHEN p.quantity_error IS NULL THEN CASE WHEN p.mode = 'images' THEN p.n ELSE 0 END END AS q_image
  FROM (SELECT p.*, CASE WHEN p.mode = 'unresolved' THEN p.resolve_error
    WHEN p.mode IN ('estimate', 'images') AND p.capability_error IS NOT NULL THEN p.capability_error
    WHEN p.mode = 'estimate' AND p.operation = 'edit' AND p.input_image_tokens IS NULL
      THEN 'The input-image rule ' || COALESCE(p.input_image_rule, '(none)') || ' of ' || p.model || ' is not available in SQL, so the record cannot be estimated.'
    WHEN (p.mode = 'estimate' OR (p.mode = 'usage' AND p.usage_output_image_tokens IS NULL AND p.emits_text_output)) AND p.tokens_per_image IS NULL
      THEN 'The price book has no output tokens for ' || p.model || ' at quality ' || p.priced_quality || ' and size ' || p.size || '.'
  END AS quantity_error FROM (SELECT p.*, CASE WHEN NOT p.has_usage AND p.status IS NOT NULL AND (p.status < 200 OR p.status > 299) THEN 'not_billed'
    WHEN p.resolve_error IS NOT NULL THEN 'unresolved' WHEN p.pricing = 'per_image' THEN 'images'
    WHEN p.has_usage THEN 'usage' ELSE 'estimate' END AS mode FROM checked p) p) p
),
rated AS (
  SELECT p.log_seq, p.request_id, p.day, p.price_day, p.logged_provider, p.logged_deployment_type, p.region, p.model, p.operation, p.logged_quality, p.logged_size, p.quality, p.size, p.provider, p.deployment_type, p.n, p.mode, p.quantity_error, p.offered, p.q_text_input, p.q_cached_text_input, p.q_image_input, p.q_cached_image_input, p.q_image_output, p.q_text_output, p.q_image,
    MAX(CASE WHEN c.slot = 0 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_text_input,
      MAX(CASE WHEN c.slot = 0 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_text_input,
      MAX(CASE WHEN c.slot = 0 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_text_input,
      MAX(CASE WHEN c.slot = 0 AND r.metered AND r.region IS NULL THEN r.block END) AS block_text_input,
      MAX(CASE WHEN c.slot = 0 AND r.metered THEN 1 ELSE 0 END) AS dated_text_input,
      MAX(CASE WHEN c.slot = 0 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_text_input,
      MAX(CASE WHEN c.slot = 1 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_cached_text_input,
      MAX(CASE WHEN c.slot = 1 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_cached_text_input,
      MAX(CASE WHEN c.slot = 1 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_cached_text_input,
      MAX(CASE WHEN c.slot = 1 AND r.metered AND r.region IS NULL THEN r.block END) AS block_cached_text_input,
      MAX(CASE WHEN c.slot = 1 AND r.metered THEN 1 ELSE 0 END) AS dated_cached_text_input,
      MAX(CASE WHEN c.slot = 1 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_cached_text_input,
      MAX(CASE WHEN c.slot = 2 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_image_input,
      MAX(CASE WHEN c.slot = 2 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_image_input,
      MAX(CASE WHEN c.slot = 2 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_image_input,
      MAX(CASE WHEN c.slot = 2 AND r.metered AND r.region IS NULL THEN r.block END) AS block_image_input,
      MAX(CASE WHEN c.slot = 2 AND r.metered THEN 1 ELSE 0 END) AS dated_image_input,
      MAX(CASE WHEN c.slot = 2 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_image_input,
      MAX(CASE WHEN c.slot = 3 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_cached_image_input,
      MAX(CASE WHEN c.slot = 3 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_cached_image_input,
      MAX(CASE WHEN c.slot = 3 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_cached_image_input,
      MAX(CASE WHEN c.slot = 3 AND r.metered AND r.region IS NULL THEN r.block END) AS block_cached_image_input,
      MAX(CASE WHEN c.slot = 3 AND r.metered THEN 1 ELSE 0 END) AS dated_cached_image_input,
      MAX(CASE WHEN c.slot = 3 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_cached_image_input,
      MAX(CASE WHEN c.slot = 4 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_image_output,
      MAX(CASE WHEN c.slot = 4 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_image_output,
      MAX(CASE WHEN c.slot = 4 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_image_output,
      MAX(CASE WHEN c.slot = 4 AND r.metered AND r.region IS NULL THEN r.block END) AS block_image_output,
      MAX(CASE WHEN c.slot = 4 AND r.metered THEN 1 ELSE 0 END) AS dated_image_output,
      MAX(CASE WHEN c.slot = 4 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_image_output,
      MAX(CASE WHEN c.slot = 5 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_text_output,
      MAX(CASE WHEN c.slot = 5 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_text_output,
      MAX(CASE WHEN c.slot = 5 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_text_output,
      MAX(CASE WHEN c.slot = 5 AND r.metered AND r.region IS NULL THEN r.block END) AS block_text_output,
      MAX(CASE WHEN c.slot = 5 AND r.metered THEN 1 ELSE 0 END) AS dated_text_output,
      MAX(CASE WHEN c.slot = 5 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_text_output,
      MAX(CASE WHEN c.slot = 6 AND r.metered AND r.region = p.region THEN r.amount_nanos END) AS regional_amount_image,
      MAX(CASE WHEN c.slot = 6 AND r.metered AND r.region = p.region THEN r.block END) AS regional_block_image,
      MAX(CASE WHEN c.slot = 6 AND r.metered AND r.region IS NULL THEN r.amount_nanos END) AS amount_image,
      MAX(CASE WHEN c.slot = 6 AND r.metered AND r.region IS NULL THEN r.block END) AS block_image,
      MAX(CASE WHEN c.slot = 6 AND r.metered THEN 1 ELSE 0 END) AS dated_image,
      MAX(CASE WHEN c.slot = 6 AND NOT r.metered THEN 1 ELSE 0 END) AS unmetered_image
  FROM quantities p
  CROSS JOIN imagecost_components c
  LEFT JOIN imagecost_rates r ON r.provider = p.provider AND r.deployment_type = p.deployment_type AND r.model = p.model
    AND r.component = c.component AND r.effective_from <= p.price_day AND (r.effective_to IS NULL OR p.price_day < r.effective_to)
    AND (c.component <> 'image' OR NOT r.metered OR (r.quality = p.quality AND r.size = p.size))
  WHERE c.slot = 0 OR CASE c.slot WHEN 0 THEN p.q_text_input WHEN 1 THEN p.q_cached_text_input WHEN 2 THEN p.q_image_input WHEN 3 THEN p.q_cached_image_input WHEN 4 THEN p.q_image_output WHEN 5 THEN p.q_text_output WHEN 6 THEN p.q_image END > 0
  GROUP BY p.log_seq, p.request_id, p.day, p.price_day, p.logged_provider, p.logged_deployment_type, p.region, p.model, p.operation, p.logged_quality, p.logged_size, p.quality, p.size, p.provider, p.deployment_type, p.n, p.mode, p.quantity_error, p.offered, p.q_text_input, p.q_cached_text_input, p.q_image_input, p.q_cached_image_input, p.q_image_output, p.q_text_output, p.q_image
),
divided AS (
  SELECT q.*, COALESCE(q.quantity_error, q.missing_text_input, q.missing_cached_text_input, q.missing_image_input, q.missing_cached_image_input, q.missing_image_output, q.missing_text_output, q.missing_image) AS unpriced_reason,
    (q.product_text_input) // (q.unit_text_input) AS quotient_text_input,
      (q.product_cached_text_input) // (q.unit_cached_text_input) AS quotient_cached_text_input,
      (q.product_image_input) // (q.unit_image_input) AS quotient_image_input,
      (q.product_cached_image_input) // (q.unit_cached_image_input) AS quotient_cached_image_input,
      (q.product_image_output) // (q.unit_image_output) AS quotient_image_output,
      (q.product_text_output) // (q.unit_text_output) AS quotient_text_output,
      (q.product_image) // (q.unit_image) AS quotient_image,
      (q.product_text_input) % (q.unit_text_input) AS remainder_text_input,
      (q.product_cached_text_input) % (q.unit_cached_text_input) AS remainder_cached_text_input,
      (q.product_image_input) % (q.unit_image_input) AS remainder_image_input,
      (q.product_cached_image_input) % (q.unit_cached_image_input) AS remainder_cached_image_input,
      (q.product_image_output) % (q.unit_image_output) AS remainder_image_output,
      (q.product_text_output) % (q.unit_text_output) AS remainder_text_output,
      (q.product_image) % (q.unit_image) AS remainder_image
  FROM (
    SELECT p.*, CASE WHEN p.rate_text_input IS NOT NULL THEN CAST(p.q_text_input AS HUGEINT) * p.rate_text_input END AS product_text_input,
        CASE WHEN p.q_text_input > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_text_input > 0 AND p.rate_text_input IS NULL AND p.dated_text_input = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_text_input > 0 AND p.rate_text_input IS NULL AND p.dated_text_input = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_text_input > 0 AND p.rate_text_input IS NULL AND p.unmetered_text_input = 0
      THEN 'No text input rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_text_input,
        CASE WHEN p.rate_cached_text_input IS NOT NULL THEN CAST(p.q_cached_text_input AS HUGEINT) * p.rate_cached_text_input END AS product_cached_text_input,
        CASE WHEN p.q_cached_text_input > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_cached_text_input > 0 AND p.rate_cached_text_input IS NULL AND p.dated_cached_text_input = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_cached_text_input > 0 AND p.rate_cached_text_input IS NULL AND p.dated_cached_text_input = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_cached_text_input > 0 AND p.rate_cached_text_input IS NULL AND p.unmetered_cached_text_input = 0
      THEN 'No cached text input rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_cached_text_input,
        CASE WHEN p.rate_image_input IS NOT NULL THEN CAST(p.q_image_input AS HUGEINT) * p.rate_image_input END AS product_image_input,
        CASE WHEN p.q_image_input > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_image_input > 0 AND p.rate_image_input IS NULL AND p.dated_image_input = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_image_input > 0 AND p.rate_image_input IS NULL AND p.dated_image_input = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_image_input > 0 AND p.rate_image_input IS NULL AND p.unmetered_image_input = 0
      THEN 'No image input rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_image_input,
        CASE WHEN p.rate_cached_image_input IS NOT NULL THEN CAST(p.q_cached_image_input AS HUGEINT) * p.rate_cached_image_input END AS product_cached_image_input,
        CASE WHEN p.q_cached_image_input > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_cached_image_input > 0 AND p.rate_cached_image_input IS NULL AND p.dated_cached_image_input = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_cached_image_input > 0 AND p.rate_cached_image_input IS NULL AND p.dated_cached_image_input = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_cached_image_input > 0 AND p.rate_cached_image_input IS NULL AND p.unmetered_cached_image_input = 0
      THEN 'No cached image input rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_cached_image_input,
        CASE WHEN p.rate_image_output IS NOT NULL THEN CAST(p.q_image_output AS HUGEINT) * p.rate_image_output END AS product_image_output,
        CASE WHEN p.q_image_output > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_image_output > 0 AND p.rate_image_output IS NULL AND p.dated_image_output = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_image_output > 0 AND p.rate_image_output IS NULL AND p.dated_image_output = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_image_output > 0 AND p.rate_image_output IS NULL AND p.unmetered_image_output = 0
      THEN 'No image output rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_image_output,
        CASE WHEN p.rate_text_output IS NOT NULL THEN CAST(p.q_text_output AS HUGEINT) * p.rate_text_output END AS product_text_output,
        CASE WHEN p.q_text_output > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_text_output > 0 AND p.rate_text_output IS NULL AND p.dated_text_output = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_text_output > 0 AND p.rate_text_output IS NULL AND p.dated_text_output = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_text_output > 0 AND p.rate_text_output IS NULL AND p.unmetered_text_output = 0
      THEN 'No text output rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_text_output,
        CASE WHEN p.rate_image IS NOT NULL THEN CAST(p.q_image AS HUGEINT) * p.rate_image END AS product_image,
        CASE WHEN p.q_image > 0 AND NOT p.offered THEN 'No meter prices ' || p.model || ' in ' || p.provider || ' ' || p.deployment_type || ' deployments.'
    WHEN p.q_image > 0 AND p.rate_image IS NULL AND p.dated_image = 1 AND p.region IS NULL
      THEN p.provider || ' ' || p.deployment_type || ' prices for ' || p.model || ' differ by region and the logged request names none.'
    WHEN p.q_image > 0 AND p.rate_image IS NULL AND p.dated_image = 1
      THEN p.provider || ' ' || p.deployment_type || ' has no price for ' || p.model || ' in region ' || p.region || '.'
    WHEN p.q_image > 0 AND p.rate_image IS NULL AND p.unmetered_image = 0
      THEN 'No images rate for ' || p.model || ' on ' || p.provider || ' ' || p.deployment_type || ' is effective on these requests'' days.'
  END AS missing_image
    FROM (SELECT p.*, CASE WHEN p.region IS NOT NULL AND p.regional_amount_text_input IS NOT NULL THEN p.regional_amount_text_input ELSE p.amount_text_input END AS rate_text_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_text_input IS NOT NULL THEN p.regional_block_text_input ELSE p.block_text_input END AS unit_text_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_cached_text_input IS NOT NULL THEN p.regional_amount_cached_text_input ELSE p.amount_cached_text_input END AS rate_cached_text_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_cached_text_input IS NOT NULL THEN p.regional_block_cached_text_input ELSE p.block_cached_text_input END AS unit_cached_text_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_image_input IS NOT NULL THEN p.regional_amount_image_input ELSE p.amount_image_input END AS rate_image_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_image_input IS NOT NULL THEN p.regional_block_image_input ELSE p.block_image_input END AS unit_image_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_cached_image_input IS NOT NULL THEN p.regional_amount_cached_image_input ELSE p.amount_cached_image_input END AS rate_cached_image_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_cached_image_input IS NOT NULL THEN p.regional_block_cached_image_input ELSE p.block_cached_image_input END AS unit_cached_image_input, CASE WHEN p.region IS NOT NULL AND p.regional_amount_image_output IS NOT NULL THEN p.regional_amount_image_output ELSE p.amount_image_output END AS rate_image_output, CASE WHEN p.region IS NOT NULL AND p.regional_amount_image_output IS NOT NULL THEN p.regional_block_image_output ELSE p.block_image_output END AS unit_image_output, CASE WHEN p.region IS NOT NULL AND p.regional_amount_text_output IS NOT NULL THEN p.regional_amount_text_output ELSE p.amount_text_output END AS rate_text_output, CASE WHEN p.region IS NOT NULL AND p.regional_amount_text_output IS NOT NULL THEN p.regional_block_text_output ELSE p.block_text_output END AS unit_text_output, CASE WHEN p.region IS NOT NULL AND p.regional_amount_image IS NOT NULL THEN p.regional_amount_image ELSE p.amount_image END AS rate_image, CASE WHEN p.region IS NOT NULL AND p.regional_amount_image IS NOT NULL THEN p.regional_block_image ELSE p.block_image END AS unit_image FROM rated p) p
  ) q
)
SELECT r.request_id, r.day, r.price_day, r.provider, r.deployment_type, r.region, r.model, r.operation, r.quality, r.size, r.priced_quality,
  r.priced_size, r.n,
  r.text_input_quantity, r.text_input_nanos, CAST(CAST(r.text_input_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS text_input_usd,
  r.cached_text_input_quantity, r.cached_text_input_nanos, CAST(CAST(r.cached_text_input_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS cached_text_input_usd,
  r.image_input_quantity, r.image_input_nanos, CAST(CAST(r.image_input_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS image_input_usd,
  r.cached_image_input_quantity, r.cached_image_input_nanos, CAST(CAST(r.cached_image_input_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS cached_image_input_usd,
  r.image_output_quantity, r.image_output_nanos, CAST(CAST(r.image_output_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS image_output_usd,
  r.text_output_quantity, r.text_output_nanos, CAST(CAST(r.text_output_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS text_output_usd,
  r.image_quantity, r.image_nanos, CAST(CAST(r.image_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS image_usd,
  r.cost_nanos, CAST(CAST(r.cost_nanos AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS cost_usd, r.priced_from, r.unpriced_reason
FROM (
  SELECT p.request_id, p.day, p.price_day, p.logged_provider AS provider, p.logged_deployment_type AS deployment_type, p.region, p.model, p.operation, p.logged_quality AS quality, CASE WHEN p.logged_size <> 'auto' THEN p.logged_size END AS size, p.quality AS priced_quality, p.size AS priced_size, p.n, CASE WHEN p.unpriced_reason IS NULL AND p.q_text_input > 0 THEN p.q_text_input END AS text_input_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_text_input > 0 THEN CAST(CASE WHEN p.product_text_input IS NULL THEN 0 ELSE p.quotient_text_input + CASE WHEN 2 * p.remainder_text_input > p.unit_text_input OR (2 * p.remainder_text_input = p.unit_text_input AND (p.quotient_text_input) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS text_input_nanos, CASE WHEN p.unpriced_reason IS NULL AND p.q_cached_text_input > 0 THEN p.q_cached_text_input END AS cached_text_input_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_cached_text_input > 0 THEN CAST(CASE WHEN p.product_cached_text_input IS NULL THEN 0 ELSE p.quotient_cached_text_input + CASE WHEN 2 * p.remainder_cached_text_input > p.unit_cached_text_input OR (2 * p.remainder_cached_text_input = p.unit_cached_text_input AND (p.quotient_cached_text_input) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS cached_text_input_nanos, CASE WHEN p.unpriced_reason IS NULL AND p.q_image_input > 0 THEN p.q_image_input END AS image_input_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_image_input > 0 THEN CAST(CASE WHEN p.product_image_input IS NULL THEN 0 ELSE p.quotient_image_input + CASE WHEN 2 * p.remainder_image_input > p.unit_image_input OR (2 * p.remainder_image_input = p.unit_image_input AND (p.quotient_image_input) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS image_input_nanos, CASE WHEN p.unpriced_reason IS NULL AND p.q_cached_image_input > 0 THEN p.q_cached_image_input END AS cached_image_input_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_cached_image_input > 0 THEN CAST(CASE WHEN p.product_cached_image_input IS NULL THEN 0 ELSE p.quotient_cached_image_input + CASE WHEN 2 * p.remainder_cached_image_input > p.unit_cached_image_input OR (2 * p.remainder_cached_image_input = p.unit_cached_image_input AND (p.quotient_cached_image_input) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS cached_image_input_nanos, CASE WHEN p.unpriced_reason IS NULL AND p.q_image_output > 0 THEN p.q_image_output END AS image_output_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_image_output > 0 THEN CAST(CASE WHEN p.product_image_output IS NULL THEN 0 ELSE p.quotient_image_output + CASE WHEN 2 * p.remainder_image_output > p.unit_image_output OR (2 * p.remainder_image_output = p.unit_image_output AND (p.quotient_image_output) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS image_output_nanos, CASE WHEN p.unpriced_reason IS NULL AND p.q_text_output > 0 THEN p.q_text_output END AS text_output_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_text_output > 0 THEN CAST(CASE WHEN p.product_text_output IS NULL THEN 0 ELSE p.quotient_text_output + CASE WHEN 2 * p.remainder_text_output > p.unit_text_output OR (2 * p.remainder_text_output = p.unit_text_output AND (p.quotient_text_output) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS text_output_nanos, CASE WHEN p.unpriced_reason IS NULL AND p.q_image > 0 THEN p.q_image END AS image_quantity, CASE WHEN p.unpriced_reason IS NULL AND p.q_image > 0 THEN CAST(CASE WHEN p.product_image IS NULL THEN 0 ELSE p.quotient_image + CASE WHEN 2 * p.remainder_image > p.unit_image OR (2 * p.remainder_image = p.unit_image AND (p.quotient_image) % (2) = 1) THEN 1 ELSE 0 END END AS BIGINT) END AS image_nanos,
    CAST(CASE WHEN p.mode = 'not_billed' THEN 0 WHEN p.unpriced_reason IS NULL THEN CASE WHEN p.unpriced_reason IS NULL AND p.q_text_input > 0 THEN CASE WHEN p.product_text_input IS NULL THEN 0 ELSE p.quotient_text_input + CASE WHEN 2 * p.remainder_text_input > p.unit_text_input OR (2 * p.remainder_text_input = p.unit_text_input AND (p.quotient_text_input) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END
      + CASE WHEN p.unpriced_reason IS NULL AND p.q_cached_text_input > 0 THEN CASE WHEN p.product_cached_text_input IS NULL THEN 0 ELSE p.quotient_cached_text_input + CASE WHEN 2 * p.remainder_cached_text_input > p.unit_cached_text_input OR (2 * p.remainder_cached_text_input = p.unit_cached_text_input AND (p.quotient_cached_text_input) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END
      + CASE WHEN p.unpriced_reason IS NULL AND p.q_image_input > 0 THEN CASE WHEN p.product_image_input IS NULL THEN 0 ELSE p.quotient_image_input + CASE WHEN 2 * p.remainder_image_input > p.unit_image_input OR (2 * p.remainder_image_input = p.unit_image_input AND (p.quotient_image_input) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END
      + CASE WHEN p.unpriced_reason IS NULL AND p.q_cached_image_input > 0 THEN CASE WHEN p.product_cached_image_input IS NULL THEN 0 ELSE p.quotient_cached_image_input + CASE WHEN 2 * p.remainder_cached_image_input > p.unit_cached_image_input OR (2 * p.remainder_cached_image_input = p.unit_cached_image_input AND (p.quotient_cached_image_input) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END
      + CASE WHEN p.unpriced_reason IS NULL AND p.q_image_output > 0 THEN CASE WHEN p.product_image_output IS NULL THEN 0 ELSE p.quotient_image_output + CASE WHEN 2 * p.remainder_image_output > p.unit_image_output OR (2 * p.remainder_image_output = p.unit_image_output AND (p.quotient_image_output) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END
      + CASE WHEN p.unpriced_reason IS NULL AND p.q_text_output > 0 THEN CASE WHEN p.product_text_output IS NULL THEN 0 ELSE p.quotient_text_output + CASE WHEN 2 * p.remainder_text_output > p.unit_text_output OR (2 * p.remainder_text_output = p.unit_text_output AND (p.quotient_text_output) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END
      + CASE WHEN p.unpriced_reason IS NULL AND p.q_image > 0 THEN CASE WHEN p.product_image IS NULL THEN 0 ELSE p.quotient_image + CASE WHEN 2 * p.remainder_image > p.unit_image OR (2 * p.remainder_image = p.unit_image AND (p.quotient_image) % (2) = 1) THEN 1 ELSE 0 END END ELSE 0 END END AS BIGINT) AS cost_nanos,
    CASE WHEN p.mode = 'not_billed' THEN 'not_billed' WHEN p.unpriced_reason IS NULL THEN p.mode END AS priced_from,
    CASE WHEN p.mode <> 'not_billed' THEN p.unpriced_reason END AS unpriced_reason
  FROM divided p
) r;

-- The roll-up by day × model × quality × size × operation × provider × deployment type as logged (NULL: the log names none,
-- which replay calls default), cost NULL when nothing in the group is priced, with the unpriced counts beside it.
CREATE OR REPLACE VIEW imagecost_daily AS
SELECT day,
  model,
  quality,
  size,
  operation,
  provider,
  deployment_type,
  CAST(COUNT(*) AS BIGINT) AS requests,
  CAST(SUM(n) AS BIGINT) AS images,
  CAST(CAST(SUM(cost_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS cost_usd,
  CAST(SUM(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unpriced_requests,
  CAST(SUM(CASE WHEN cost_nanos IS NULL THEN n ELSE 0 END) AS BIGINT) AS unpriced_images,
  CAST(SUM(CASE WHEN priced_from = 'usage' THEN 1 ELSE 0 END) AS BIGINT) AS usage_requests,
  CAST(SUM(CASE WHEN priced_from = 'estimate' THEN 1 ELSE 0 END) AS BIGINT) AS estimate_requests,
  CAST(SUM(CASE WHEN priced_from = 'images' THEN 1 ELSE 0 END) AS BIGINT) AS images_requests,
  CAST(SUM(CASE WHEN priced_from = 'not_billed' THEN 1 ELSE 0 END) AS BIGINT) AS not_billed_requests,
  CAST(SUM(text_input_quantity) AS BIGINT) AS text_input_quantity,
  CAST(CAST(SUM(text_input_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS text_input_usd,
  CAST(SUM(cached_text_input_quantity) AS BIGINT) AS cached_text_input_quantity,
  CAST(CAST(SUM(cached_text_input_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS cached_text_input_usd,
  CAST(SUM(image_input_quantity) AS BIGINT) AS image_input_quantity,
  CAST(CAST(SUM(image_input_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS image_input_usd,
  CAST(SUM(cached_image_input_quantity) AS BIGINT) AS cached_image_input_quantity,
  CAST(CAST(SUM(cached_image_input_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS cached_image_input_usd,
  CAST(SUM(image_output_quantity) AS BIGINT) AS image_output_quantity,
  CAST(CAST(SUM(image_output_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS image_output_usd,
  CAST(SUM(text_output_quantity) AS BIGINT) AS text_output_quantity,
  CAST(CAST(SUM(text_output_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS text_output_usd,
  CAST(SUM(image_quantity) AS BIGINT) AS image_quantity,
  CAST(CAST(SUM(image_nanos) AS HUGEINT) AS DECIMAL(38,0)) * CAST(0.000000001 AS DECIMAL(38,9)) AS image_usd
FROM imagecost_priced
GROUP BY day, model, quality, size, operation, provider, deployment_type;
