#pragma once
// Internal to engine/formats: the human-oriented output formats, created by createOutputFormat.

#include <memory>

#include "engine/formats/OutputFormat.h"

namespace tideline::engine {

std::unique_ptr<OutputFormat> makePrettyCompactFormat(const FormatSettings &settings);
std::unique_ptr<OutputFormat> makeVerticalFormat(const FormatSettings &settings);

// Display width of UTF-8 text: one column per code point.
size_t displayWidth(std::string_view text);

} // namespace tideline::engine
