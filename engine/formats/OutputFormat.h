#pragma once
// Output formats: a Block at a time into a std::string, the way clickhouse-client prints them.
// Supported (names case-insensitive, TSV* aliases of TabSeparated*): TabSeparated,
// TabSeparatedWithNames, TabSeparatedWithNamesAndTypes, CSV, CSVWithNames, JSONEachRow,
// JSONCompactEachRow, PrettyCompact, Vertical. Unknown names throw UNKNOWN_FORMAT (73).
//
// A format object keeps the little state a stream of blocks needs (whether the header was
// written, the running row number of Vertical), so a streaming query feeds it block by block.
// Each column of a block is rendered column-at-a-time into a reused CellBuffer, then the cells
// are interleaved into rows.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/column/Block.h"
#include "engine/formats/ValueWriter.h"

namespace tideline::engine {

class OutputFormat {
public:
    virtual ~OutputFormat() = default;
    // Appends the block's rows (and, before the first block, the header if the format has one).
    // An empty block with columns still produces the header, so an empty result shows its names.
    virtual void writeBlock(const Block &block, std::string &out) = 0;
    // Appends whatever follows the last block (nothing for the formats above).
    virtual void finish(std::string &out) { (void)out; }
    // The canonical name ("TabSeparated") and the HTTP content type.
    virtual const char *name() const = 0;
    virtual const char *contentType() const { return "text/plain; charset=UTF-8"; }
};

// Throws EngineError UNKNOWN_FORMAT (73) for an unknown name.
std::unique_ptr<OutputFormat> createOutputFormat(std::string_view name, const FormatSettings &settings = {});
bool isOutputFormat(std::string_view name);
std::vector<std::string> outputFormatNames();

// Renders a whole block in one call (tests, small results).
std::string formatBlock(const Block &block, std::string_view formatName, const FormatSettings &settings = {});

} // namespace tideline::engine
