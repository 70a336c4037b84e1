#include "engine/exec/ScanOperator.h"

namespace tideline::engine {

ScanOperator::ScanOperator(std::shared_ptr<StreamInfo> stream, int64_t endSn)
    : m_stream(std::move(stream)), m_reader(*m_stream->log, m_stream->log->firstSn()), m_endSn(endSn), m_columns(storedColumns(*m_stream))
{
}

std::vector<const StreamColumn *> ScanOperator::storedColumns(const StreamInfo &stream)
{
    std::vector<const StreamColumn *> out;
    for (const auto &c : stream.columns)
        if (!c.aliasExpr)
            out.push_back(&c);
    return out;
}

Block ScanOperator::shape(const Block &record, const RecordMeta &meta, const std::vector<const StreamColumn *> &columns, const ColumnPtr &sequence)
{
    size_t rows = record.rows();
    Block block;
    for (const StreamColumn *c : columns) {
        const Column *stored = record.find(c->name);
        if (stored && stored->type()->equals(*c->type)) {
            block.add(c->name, record.at(static_cast<size_t>(record.indexOf(c->name))).column);
        } else {
            // Written before the column existed (or with another type): the column's default.
            auto filler = Column::create(c->type, rows);
            filler->pushDefaults(rows);
            block.add(c->name, filler);
        }
    }
    if (sequence && sequence->size() == rows) {
        block.add("_tp_sn", sequence);
        return block;
    }
    auto sn = Column::create(makeType(TypeKind::Int64));
    sn->fixed.resize(rows * sizeof(int64_t));
    std::fill_n(sn->data<int64_t>(), rows, meta.sn);
    sn->setSize(rows);
    block.add("_tp_sn", sn);
    return block;
}

Pull ScanOperator::pull(Block &out)
{
    for (;;) {
        if (m_reader.position() >= m_endSn)
            return Pull::End;
        Block record;
        RecordMeta meta;
        if (!m_reader.next(record, meta)) {
            if (!m_reader.status())
                throw EngineError(m_reader.status());
            return Pull::End;
        }
        size_t rows = record.rows();
        if (rows == 0)
            continue;
        stats.scannedRows += rows;
        stats.scannedBytes += record.byteSize();
        Block block = shape(record, meta, m_columns, m_reader.sequenceColumn());
        out = std::move(block);
        return Pull::Block;
    }
}

} // namespace tideline::engine
