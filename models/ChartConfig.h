#pragma once
// A chart's settings in the Timeplus Console's dialect: `{"chartType": "line", "config": {...}}`,
// the `viz_config` of a dashboard panel. The object itself is the storage: accessors read keys
// with the Console's defaults and setters write them, so keys Tideline does not know survive a
// load/save unchanged and a Console dashboard round-trips exactly.
//
// Streaming modes (Console names): `updateMode` "time" = a sliding window of `xRange` minutes
// ("Infinity" keeps all) on the x axis, "all" = the latest frame (rows with the newest x),
// "key" = the latest row per `updateKey`. Format keys (titles, yRange, unit, fractionDigits,
// legend, colors/palette) are independent of the SQL: editing the query keeps them, and only
// column bindings that no longer exist are re-suggested (rebind()).
#include <QColor>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include "client/QueryHandle.h"

namespace tideline::models {

enum class ChartType { Line, Area, Bar, Column, SingleValue, MultipleValue, Table, Markdown };

class ChartConfig {
public:
    ChartConfig() = default;
    explicit ChartConfig(const QJsonObject &vizConfig) : m_viz(vizConfig) {}

    QJsonObject toJson() const { return m_viz; }
    QJsonObject config() const { return m_viz.value(QStringLiteral("config")).toObject(); }

    ChartType type() const;
    void setType(ChartType type);
    static QString typeName(ChartType type); // Console name: "line", "singleValue", ...
    static std::optional<ChartType> typeFromName(const QString &name);
    static QList<ChartType> allTypes();

    // Column bindings.
    QString xAxis() const { return string(QStringLiteral("xAxis")); }
    QString yAxis() const { return string(QStringLiteral("yAxis")); }
    QString color() const { return string(QStringLiteral("color")); }   // group/series column
    QString valueColumn() const { return string(QStringLiteral("value")); } // single value
    QString keyColumn() const { return string(QStringLiteral("key")); }     // multiple value
    void setXAxis(const QString &c) { set(QStringLiteral("xAxis"), c); }
    void setYAxis(const QString &c) { set(QStringLiteral("yAxis"), c); }
    void setColor(const QString &c) { set(QStringLiteral("color"), c); }
    void setValueColumn(const QString &c) { set(QStringLiteral("value"), c); }
    void setKeyColumn(const QString &c) { set(QStringLiteral("key"), c); }

    // Streaming.
    enum class UpdateMode { Time, All, Key };
    UpdateMode updateMode() const;
    void setUpdateMode(UpdateMode mode);
    QString updateKey() const { return string(QStringLiteral("updateKey")); }
    void setUpdateKey(const QString &c) { set(QStringLiteral("updateKey"), c); }
    // Sliding window in minutes; 0 means "Infinity".
    double xRangeMinutes() const;
    void setXRangeMinutes(double minutes);
    int maxItems() const; // rows kept for tables/tiles/bars (Console `rowCount` for tables)

    // Format.
    QString title() const { return string(QStringLiteral("title")); }
    QString xTitle() const { return string(QStringLiteral("xTitle")); }
    QString yTitle() const { return string(QStringLiteral("yTitle")); }
    void setTitle(const QString &t) { set(QStringLiteral("title"), t); }
    void setXTitle(const QString &t) { set(QStringLiteral("xTitle"), t); }
    void setYTitle(const QString &t) { set(QStringLiteral("yTitle"), t); }
    std::optional<double> yMin() const { return rangeValue(QStringLiteral("min")); }
    std::optional<double> yMax() const { return rangeValue(QStringLiteral("max")); }
    void setYRange(std::optional<double> min, std::optional<double> max);
    int decimals() const; // fractionDigits, default 2
    void setDecimals(int digits) { set(QStringLiteral("fractionDigits"), digits); }
    QString unit() const;     // unit.value
    bool unitIsPrefix() const; // unit.position == "left"
    void setUnit(const QString &value, bool prefix);
    bool legend() const { return boolean(QStringLiteral("legend"), true); }
    void setLegend(bool on) { set(QStringLiteral("legend"), on); }
    bool gridlines() const { return boolean(QStringLiteral("gridlines"), true); }
    QString palette() const; // a named palette, default "Timeplus"
    void setPalette(const QString &name) { set(QStringLiteral("palette"), name); }
    QList<QColor> colors() const; // explicit `colors`, else the palette's
    static QStringList paletteNames();
    static QList<QColor> paletteColors(const QString &name);
    QString markdown() const { return string(QStringLiteral("mdString")); }
    void setMarkdown(const QString &md) { set(QStringLiteral("mdString"), md); }
    bool sparkline() const { return boolean(QStringLiteral("sparkline"), true); }
    bool delta() const { return boolean(QStringLiteral("delta"), true); }

    // "1,234.50 ms" with the configured decimals and unit.
    QString formatValue(double value) const;

    // A chart for these columns: a time + number gives a line over time (colored by the first
    // string column), a string + number a bar, one number a single value, else a table.
    static ChartConfig suggest(const QList<client::ColumnInfo> &columns);
    // After the SQL changed: bindings to columns that no longer exist are re-suggested; format
    // keys and valid bindings are kept. True when something changed.
    bool rebind(const QList<client::ColumnInfo> &columns);
    // Why a type cannot show these columns ("needs a numeric column"), empty when it can.
    static QString unsupportedReason(ChartType type, const QList<client::ColumnInfo> &columns);

    static bool isNumericType(const QString &type);
    static bool isTimeType(const QString &type);

    bool operator==(const ChartConfig &other) const { return m_viz == other.m_viz; }

private:
    QString string(const QString &key) const;
    bool boolean(const QString &key, bool fallback) const;
    std::optional<double> rangeValue(const QString &key) const;
    void set(const QString &key, const QJsonValue &value);

    QJsonObject m_viz;
};

} // namespace tideline::models
