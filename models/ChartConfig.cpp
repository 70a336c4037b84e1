#include "models/ChartConfig.h"
#include <QJsonArray>
#include <QLocale>
#include <cmath>

namespace tideline::models {

namespace {

struct TypeName {
    ChartType type;
    const char *name;
};
constexpr TypeName kTypeNames[] = {
    {ChartType::Line, "line"},           {ChartType::Area, "area"},
    {ChartType::Bar, "bar"},             {ChartType::Column, "column"},
    {ChartType::SingleValue, "singleValue"}, {ChartType::MultipleValue, "multipleValue"},
    {ChartType::Table, "table"},         {ChartType::Markdown, "markdown"},
};

struct Palette {
    const char *name;
    std::initializer_list<const char *> colors;
};
// The Console's palette names; the shades are ours (ten per palette, distinct in both themes).
const Palette kPalettes[] = {
    {"Timeplus", {"#D53F8C", "#3182CE", "#38A169", "#DD6B20", "#805AD5", "#00B5D8", "#D69E2E", "#E53E3E", "#319795", "#718096"}},
    {"Dawn", {"#F6AD55", "#FC8181", "#F687B3", "#B794F4", "#90CDF4", "#FBD38D", "#FEB2B2", "#FBB6CE", "#D6BCFA", "#BEE3F8"}},
    {"Morning", {"#4FD1C5", "#68D391", "#F6E05E", "#63B3ED", "#F6AD55", "#81E6D9", "#9AE6B4", "#FAF089", "#90CDF4", "#FBD38D"}},
    {"Midnight", {"#2C5282", "#553C9A", "#285E61", "#744210", "#702459", "#2A4365", "#44337A", "#234E52", "#7B341E", "#521B41"}},
    {"Ocean", {"#0077B6", "#00B4D8", "#90E0EF", "#023E8A", "#48CAE4", "#0096C7", "#ADE8F4", "#03045E", "#CAF0F8", "#5E60CE"}},
    {"Sunset", {"#FF7B00", "#FF8800", "#FF9500", "#FFA200", "#FFAA00", "#FFB700", "#FFC300", "#FFD000", "#FFDD00", "#FFEA00"}},
};

const client::ColumnInfo *findColumn(const QList<client::ColumnInfo> &columns, const QString &name)
{
    for (const auto &c : columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

QString firstOf(const QList<client::ColumnInfo> &columns, bool (*pred)(const QString &), const QString &except = {})
{
    for (const auto &c : columns)
        if (pred(c.type) && c.name != except)
            return c.name;
    return {};
}

bool isStringType(const QString &type)
{
    return !ChartConfig::isNumericType(type) && !ChartConfig::isTimeType(type);
}

} // namespace

ChartType ChartConfig::type() const
{
    return typeFromName(m_viz.value(QStringLiteral("chartType")).toString()).value_or(ChartType::Table);
}

void ChartConfig::setType(ChartType type)
{
    m_viz.insert(QStringLiteral("chartType"), typeName(type));
}

QString ChartConfig::typeName(ChartType type)
{
    for (const auto &t : kTypeNames)
        if (t.type == type)
            return QLatin1String(t.name);
    return QStringLiteral("table");
}

std::optional<ChartType> ChartConfig::typeFromName(const QString &name)
{
    for (const auto &t : kTypeNames)
        if (name == QLatin1String(t.name))
            return t.type;
    if (name == QLatin1String("md")) // the Console's short name for the markdown chart
        return ChartType::Markdown;
    return std::nullopt;
}

QList<ChartType> ChartConfig::allTypes()
{
    QList<ChartType> all;
    for (const auto &t : kTypeNames)
        all << t.type;
    return all;
}

ChartConfig::UpdateMode ChartConfig::updateMode() const
{
    const QString mode = string(QStringLiteral("updateMode"));
    if (mode == QLatin1String("all"))
        return UpdateMode::All;
    if (mode == QLatin1String("key"))
        return UpdateMode::Key;
    return UpdateMode::Time;
}

void ChartConfig::setUpdateMode(UpdateMode mode)
{
    set(QStringLiteral("updateMode"), mode == UpdateMode::All ? QStringLiteral("all")
                                      : mode == UpdateMode::Key ? QStringLiteral("key") : QStringLiteral("time"));
}

double ChartConfig::xRangeMinutes() const
{
    // The Console stores the range as a string ("5", "Infinity"); numbers are accepted too.
    const QJsonValue v = config().value(QStringLiteral("xRange"));
    if (v.isDouble())
        return std::max(0.0, v.toDouble());
    bool ok = false;
    const double minutes = v.toString().toDouble(&ok);
    return ok && std::isfinite(minutes) ? std::max(0.0, minutes) : 0.0;
}

void ChartConfig::setXRangeMinutes(double minutes)
{
    set(QStringLiteral("xRange"), minutes > 0 ? QString::number(minutes) : QStringLiteral("Infinity"));
}

int ChartConfig::maxItems() const
{
    const QJsonObject c = config();
    if (c.contains(QStringLiteral("rowCount")))
        return std::clamp(c.value(QStringLiteral("rowCount")).toInt(10), 1, 1000);
    return std::clamp(c.value(QStringLiteral("maxItems")).toInt(1000), 1, 100000);
}

void ChartConfig::setYRange(std::optional<double> min, std::optional<double> max)
{
    QJsonObject range;
    range.insert(QStringLiteral("min"), min ? QJsonValue(*min) : QJsonValue());
    range.insert(QStringLiteral("max"), max ? QJsonValue(*max) : QJsonValue());
    set(QStringLiteral("yRange"), range);
}

int ChartConfig::decimals() const
{
    return std::clamp(config().value(QStringLiteral("fractionDigits")).toInt(2), 0, 10);
}

QString ChartConfig::unit() const
{
    return config().value(QStringLiteral("unit")).toObject().value(QStringLiteral("value")).toString();
}

bool ChartConfig::unitIsPrefix() const
{
    return config().value(QStringLiteral("unit")).toObject().value(QStringLiteral("position")).toString() == QLatin1String("left");
}

void ChartConfig::setUnit(const QString &value, bool prefix)
{
    set(QStringLiteral("unit"), QJsonObject{{QStringLiteral("position"), prefix ? QStringLiteral("left") : QStringLiteral("right")},
                                            {QStringLiteral("value"), value}});
}

QString ChartConfig::palette() const
{
    const QString name = string(QStringLiteral("palette"));
    return name.isEmpty() ? QStringLiteral("Timeplus") : name;
}

QList<QColor> ChartConfig::colors() const
{
    QList<QColor> out;
    for (const QJsonValue &v : config().value(QStringLiteral("colors")).toArray())
        if (QColor c(v.toString()); c.isValid())
            out << c;
    return out.isEmpty() ? paletteColors(palette()) : out;
}

QStringList ChartConfig::paletteNames()
{
    QStringList names;
    for (const auto &p : kPalettes)
        names << QLatin1String(p.name);
    return names;
}

QList<QColor> ChartConfig::paletteColors(const QString &name)
{
    for (const auto &p : kPalettes) {
        if (name != QLatin1String(p.name))
            continue;
        QList<QColor> out;
        for (const char *c : p.colors)
            out << QColor(QLatin1String(c));
        return out;
    }
    return paletteColors(QStringLiteral("Timeplus"));
}

QString ChartConfig::formatValue(double value) const
{
    if (!std::isfinite(value))
        return QString::number(value);
    const QString number = QLocale::system().toString(value, 'f', decimals());
    const QString u = unit();
    if (u.isEmpty())
        return number;
    return unitIsPrefix() ? u + number : number + QLatin1Char(' ') + u;
}

bool ChartConfig::isNumericType(const QString &type)
{
    const QString t = type.toLower();
    return t.startsWith(QLatin1String("int")) || t.startsWith(QLatin1String("uint")) || t.startsWith(QLatin1String("float"))
        || t.startsWith(QLatin1String("decimal")) || t.startsWith(QLatin1String("nullable(int"))
        || t.startsWith(QLatin1String("nullable(float")) || t.startsWith(QLatin1String("nullable(uint"));
}

bool ChartConfig::isTimeType(const QString &type)
{
    const QString t = type.toLower();
    return t.startsWith(QLatin1String("datetime")) || t.startsWith(QLatin1String("date"))
        || t.startsWith(QLatin1String("nullable(datetime"));
}

ChartConfig ChartConfig::suggest(const QList<client::ColumnInfo> &columns)
{
    ChartConfig c(QJsonObject{{QStringLiteral("chartType"), QStringLiteral("table")}, {QStringLiteral("config"), QJsonObject()}});
    const QString time = firstOf(columns, &ChartConfig::isTimeType);
    const QString number = firstOf(columns, &ChartConfig::isNumericType);
    const QString label = firstOf(columns, &isStringType);
    if (!time.isEmpty() && !number.isEmpty()) {
        c.setType(ChartType::Line);
        c.setUpdateMode(UpdateMode::Time);
        c.setXRangeMinutes(5);
    } else if (!label.isEmpty() && !number.isEmpty()) {
        c.setType(ChartType::Bar);
        c.setUpdateMode(UpdateMode::Key);
        c.setUpdateKey(label);
    } else if (!number.isEmpty() && columns.size() == 1) {
        c.setType(ChartType::SingleValue);
    }
    c.rebind(columns);
    return c;
}

bool ChartConfig::rebind(const QList<client::ColumnInfo> &columns)
{
    // Only the bindings the type reads are touched, so a valid Console config gains no keys.
    const ChartConfig before = *this;
    const QString time = firstOf(columns, &ChartConfig::isTimeType);
    const QString number = firstOf(columns, &ChartConfig::isNumericType);
    const QString label = firstOf(columns, &isStringType);
    auto any = [](const QString &) { return true; };
    auto keep = [&](const QString &current, bool (*pred)(const QString &), const QString &fallback) {
        const client::ColumnInfo *c = findColumn(columns, current);
        return c && pred(c->type) ? current : fallback;
    };
    switch (type()) {
    case ChartType::Line:
    case ChartType::Area:
    case ChartType::Bar:
    case ChartType::Column: {
        const bool timeAxis = type() == ChartType::Line || type() == ChartType::Area;
        const QString x = keep(xAxis(), any, timeAxis && !time.isEmpty() ? time : (!label.isEmpty() ? label : time));
        setXAxis(x);
        setYAxis(keep(yAxis(), &ChartConfig::isNumericType, firstOf(columns, &ChartConfig::isNumericType, x)));
        if (!color().isEmpty() && !findColumn(columns, color()))
            setColor(QString());
        if (timeAxis && !config().contains(QStringLiteral("color")) && !label.isEmpty() && label != x)
            setColor(label);
        break;
    }
    case ChartType::SingleValue:
        setValueColumn(keep(valueColumn(), &ChartConfig::isNumericType, number));
        break;
    case ChartType::MultipleValue:
        setValueColumn(keep(valueColumn(), &ChartConfig::isNumericType, number));
        setKeyColumn(keep(keyColumn(), any, label));
        break;
    case ChartType::Table:
    case ChartType::Markdown:
        break;
    }
    if (!updateKey().isEmpty() && !findColumn(columns, updateKey()))
        setUpdateKey(label);
    return !(before == *this);
}

QString ChartConfig::unsupportedReason(ChartType type, const QList<client::ColumnInfo> &columns)
{
    const bool hasNumber = !firstOf(columns, &ChartConfig::isNumericType).isEmpty();
    switch (type) {
    case ChartType::Line:
    case ChartType::Area:
    case ChartType::Bar:
    case ChartType::Column:
        if (!hasNumber)
            return QStringLiteral("needs a numeric column");
        if (columns.size() < 2)
            return QStringLiteral("needs an x column and a numeric column");
        return {};
    case ChartType::SingleValue:
    case ChartType::MultipleValue:
        return hasNumber ? QString() : QStringLiteral("needs a numeric column");
    case ChartType::Table:
    case ChartType::Markdown:
        return {};
    }
    return {};
}

QString ChartConfig::string(const QString &key) const
{
    return config().value(key).toString();
}

bool ChartConfig::boolean(const QString &key, bool fallback) const
{
    const QJsonValue v = config().value(key);
    return v.isBool() ? v.toBool() : fallback;
}

std::optional<double> ChartConfig::rangeValue(const QString &key) const
{
    const QJsonValue v = config().value(QStringLiteral("yRange")).toObject().value(key);
    if (v.isDouble())
        return v.toDouble();
    bool ok = false;
    const double d = v.toString().toDouble(&ok);
    return ok ? std::optional<double>(d) : std::nullopt;
}

void ChartConfig::set(const QString &key, const QJsonValue &value)
{
    QJsonObject c = config();
    // Writing an unchanged value (or clearing an absent key) leaves the JSON as it was, so
    // rebinding a Console dashboard's valid bindings does not add keys it never had.
    if (c.value(key) == value || (!c.contains(key) && value.isString() && value.toString().isEmpty()))
        return;
    if (value.isString() && value.toString().isEmpty())
        c.remove(key);
    else
        c.insert(key, value);
    m_viz.insert(QStringLiteral("config"), c);
}

} // namespace tideline::models
