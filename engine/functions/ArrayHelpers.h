#pragma once
// Helpers for array functions: element gathering by index lists and array column assembly.

#include <vector>

#include "engine/functions/FunctionHelpers.h"

namespace tideline::engine::fn {

// An array column over `elements` with the given row end offsets.
inline ColumnPtr makeArrayColumn(const ColumnPtr &elements, std::vector<uint64_t> offsets)
{
    auto out = Column::create(makeArray(elements->type()));
    out->children[0] = std::const_pointer_cast<Column>(elements);
    size_t rows = offsets.size();
    out->offsets = std::move(offsets);
    out->setSize(rows);
    return out;
}

// Builds an array column picking elements of `source` by index, row by row: `picks` holds the
// chosen element indexes back to back, `offsets` the end of each row in `picks`.
inline ColumnPtr gatherArray(const Column &source, const std::vector<uint32_t> &picks, std::vector<uint64_t> offsets)
{
    return makeArrayColumn(source.gather(picks), std::move(offsets));
}

// The element type of an array argument; throws 43 when the argument is not an array.
inline DataTypePtr arrayElementType(const std::string &name, const FunctionArg &arg, size_t index)
{
    if (!arg.type || arg.type->kind != TypeKind::Array)
        illegalType(name, arg.type, index);
    return arg.type->children[0];
}

// Array columns whose element columns start at 0 (all built by Column do); n = total elements.
inline uint64_t totalElements(const Column &arr) { return arr.size() ? arr.offsets[arr.size() - 1] : 0; }

} // namespace tideline::engine::fn
