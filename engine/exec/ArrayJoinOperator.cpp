#include "engine/exec/ArrayJoinOperator.h"

namespace tideline::engine {

ArrayJoinOperator::ArrayJoinOperator(OperatorPtr input, std::vector<size_t> arrayColumns, std::vector<std::string> elementNames, bool left)
    : m_input(std::move(input)), m_arrayColumns(std::move(arrayColumns)), m_elementNames(std::move(elementNames)), m_left(left)
{
    if (m_arrayColumns.empty())
        fail(ErrorCode::BadArguments, "ARRAY JOIN requires at least one array");
    if (m_elementNames.size() != m_arrayColumns.size())
        fail(ErrorCode::LogicalError, "ARRAY JOIN: one element name per array is required");
}

DataTypePtr ArrayJoinOperator::elementType(const DataTypePtr &arrayType)
{
    if (arrayType->kind == TypeKind::Array)
        return arrayType->children[0];
    if (arrayType->kind == TypeKind::Map)
        return makeTuple({arrayType->children[0], arrayType->children[1]});
    fail(ErrorCode::IllegalTypeOfArgument, "ARRAY JOIN requires an array or map argument, got " + arrayType->name());
}

Pull ArrayJoinOperator::pull(Block &out)
{
    for (;;) {
        Block input;
        Pull p = m_input->next(input);
        if (p != Pull::Block)
            return p;
        if (input.rows() == 0)
            continue;
        Block joined = join(input);
        if (joined.rows() == 0)
            continue;
        out = std::move(joined);
        return Pull::Block;
    }
}

// Elements per row, checked equal across the zipped arrays.
std::vector<uint64_t> ArrayJoinOperator::rowSizes(const Block &input) const
{
    size_t rows = input.rows();
    const Column &first = *input.at(m_arrayColumns[0]).column;
    elementType(first.type());
    std::vector<uint64_t> sizes(rows);
    for (size_t r = 0; r < rows; ++r)
        sizes[r] = first.arrayEnd(r) - first.arrayBegin(r);
    for (size_t a = 1; a < m_arrayColumns.size(); ++a) {
        const Column &c = *input.at(m_arrayColumns[a]).column;
        elementType(c.type());
        for (size_t r = 0; r < rows; ++r)
            if (c.arrayEnd(r) - c.arrayBegin(r) != sizes[r])
                fail(ErrorCode::SizesOfArraysDoesntMatch, "Sizes of ARRAY-JOIN-ed arrays do not match");
    }
    return sizes;
}

// The element column: the arrays' children back to back, with a default where LEFT keeps an
// empty row. Without such rows it is a single slice of the child column(s).
ColumnPtr ArrayJoinOperator::elements(const Column &array, const std::vector<uint64_t> &sizes) const
{
    size_t rows = sizes.size();
    bool isMap = array.type()->kind == TypeKind::Map;
    auto out = Column::create(elementType(array.type()));
    std::vector<Column *> targets;
    if (isMap)
        targets = {out->children[0].get(), out->children[1].get()};
    else
        targets = {out.get()};
    size_t total = 0;
    size_t r = 0;
    while (r < rows) {
        if (sizes[r] == 0 && m_left) {
            for (Column *t : targets)
                t->pushDefault();
            ++total;
            ++r;
            continue;
        }
        // A run of rows whose elements are contiguous in the child column(s).
        size_t e = r;
        while (e < rows && (sizes[e] != 0 || !m_left))
            ++e;
        uint64_t b = array.arrayBegin(r), end = array.arrayEnd(e - 1);
        for (size_t t = 0; t < targets.size(); ++t)
            targets[t]->pushRange(*array.children[t], b, end - b);
        total += end - b;
        r = e;
    }
    if (isMap)
        out->setSize(total);
    return out;
}

Block ArrayJoinOperator::join(const Block &input) const
{
    std::vector<uint64_t> sizes = rowSizes(input);
    std::vector<uint32_t> replicate;
    for (size_t r = 0; r < sizes.size(); ++r) {
        uint64_t n = sizes[r] == 0 && m_left ? 1 : sizes[r];
        replicate.insert(replicate.end(), n, static_cast<uint32_t>(r));
    }
    Block out;
    for (const auto &c : input.columns())
        out.add(c.name, c.column->gather(replicate));
    for (size_t a = 0; a < m_arrayColumns.size(); ++a)
        out.add(m_elementNames[a], elements(*input.at(m_arrayColumns[a]).column, sizes));
    out.setRowsWithoutColumns(replicate.size());
    return out;
}

} // namespace tideline::engine
