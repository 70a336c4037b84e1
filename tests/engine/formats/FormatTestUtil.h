#pragma once
// Shared helpers of the formats tests: build a column from texts (via the Plain parser) and
// render one value.

#include <initializer_list>
#include <string>

#include "engine/formats/ValueParser.h"
#include "engine/formats/ValueWriter.h"
#include "engine/types/DataType.h"

namespace tideline::engine::test {

inline DataTypePtr typeOf(const char *name)
{
    auto t = parseDataType(name);
    if (!t.isOk())
        throw EngineError(t.status());
    return *t;
}

inline MutableColumnPtr columnOf(const char *type, std::initializer_list<const char *> values)
{
    auto col = Column::create(typeOf(type));
    for (const char *v : values)
        parseValue(*col, v);
    return col;
}

// Parses `text` as `type` and renders it back in `format`.
inline std::string render(const char *type, const char *text, TextFormat format = TextFormat::Plain, const FormatSettings &settings = {})
{
    auto col = columnOf(type, {text});
    return valueToString(*col, 0, format, settings);
}

inline int parseErrorCode(const char *type, std::string_view text)
{
    auto col = Column::create(typeOf(type));
    try {
        parseValue(*col, text);
    } catch (const EngineError &e) {
        return e.status().code();
    }
    return 0;
}

} // namespace tideline::engine::test
