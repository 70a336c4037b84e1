#include "ui/RowInspector.h"
#include <QAbstractItemModel>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QStyle>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include "models/ResultModel.h"

namespace tideline::ui {

namespace {

QToolButton *smallButton(const QString &name, QStyle::StandardPixmap icon, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    b->setIcon(parent->style()->standardIcon(icon));
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

} // namespace

RowInspector::RowInspector(QWidget *parent) : QWidget(parent), m_title(new QLabel(this)), m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("rowInspector"));
    m_prev = smallButton(QStringLiteral("inspectorPrev"), QStyle::SP_ArrowUp, tr("Previous row"), this);
    m_next = smallButton(QStringLiteral("inspectorNext"), QStyle::SP_ArrowDown, tr("Next row"), this);
    auto *close = smallButton(QStringLiteral("inspectorClose"), QStyle::SP_TitleBarCloseButton, tr("Hide the inspector"), this);
    m_title->setObjectName(QStringLiteral("inspectorTitle"));
    m_text->setObjectName(QStringLiteral("inspectorText"));
    m_text->setOpenLinks(false);
    m_text->setFrameShape(QFrame::NoFrame);
    auto *head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_prev);
    head->addWidget(m_next);
    head->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(head);
    layout->addWidget(m_text, 1);
    connect(m_prev, &QToolButton::clicked, this, [this] { if (m_row > 0) Q_EMIT rowRequested(m_row - 1); });
    connect(m_next, &QToolButton::clicked, this, [this] {
        if (m_model && m_row + 1 < m_model->rowCount())
            Q_EMIT rowRequested(m_row + 1);
    });
    connect(close, &QToolButton::clicked, this, &RowInspector::closeRequested);
    refresh();
}

void RowInspector::setModel(QAbstractItemModel *model)
{
    m_model = model;
    m_row = -1;
    refresh();
}

void RowInspector::showRow(int row)
{
    m_row = row;
    refresh();
}

QString RowInspector::prettyJson(const QString &text)
{
    const QString t = text.trimmed();
    if (!(t.startsWith(QLatin1Char('{')) || t.startsWith(QLatin1Char('['))))
        return {};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return {};
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

void RowInspector::refresh()
{
    const bool valid = m_model && m_row >= 0 && m_row < m_model->rowCount();
    m_prev->setEnabled(valid && m_row > 0);
    m_next->setEnabled(valid && m_row + 1 < m_model->rowCount());
    if (!valid) {
        m_title->setText(tr("<b>Row</b>"));
        m_text->setHtml(tr("<p style='color:gray'>Select a row in the grid to see all of its values.</p>"));
        return;
    }
    m_title->setText(tr("<b>Row %1</b> of %2").arg(QLocale().toString(m_row + 1), QLocale().toString(m_model->rowCount())));
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    const QString muted = palette().color(QPalette::PlaceholderText).name();
    QString html;
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QModelIndex index = m_model->index(m_row, c);
        const QString name = m_model->headerData(c, Qt::Horizontal).toString();
        const QString type = m_model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().section(QStringLiteral(" : "), 1);
        const bool null = index.data(models::ResultModel::IsNullRole).toBool();
        const QString raw = index.data(models::ResultModel::RawTextRole).toString();
        const QString json = prettyJson(raw);
        html += QStringLiteral("<p style='margin:6px 0 0 0'><b>%1</b> <span style='color:%2'>%3</span></p>")
                    .arg(name.toHtmlEscaped(), muted, type.toHtmlEscaped());
        const QString value = null ? QStringLiteral("NULL") : (json.isEmpty() ? raw : json);
        html += QStringLiteral("<pre style='margin:0 0 0 8px; font-family:\"%1\"; white-space:pre-wrap'>%2</pre>")
                    .arg(mono, value.toHtmlEscaped());
    }
    m_text->setHtml(html);
}

QString RowInspector::plainText() const
{
    return m_text->toPlainText();
}

} // namespace tideline::ui
