#include "workspace/JavaScriptRuntime.h"

#include <QJSEngine>
#include <QJSValue>

namespace tideline::workspace {

using engine::ColumnPtr;
using engine::Result;
using engine::Status;
using engine::UserFunctionDefinition;

namespace {

constexpr int kUdfInternalError = 2533;
constexpr int kUdaNotApplicable = 2534;

// One function's QJSEngine and the values made from it. Lives on the sandbox thread only: the
// engine is declared first so the values die before it.
struct JsState {
    QJSEngine engine;
    QJSValue main; // scalar: the function; aggregate: a factory that returns a new UDA object
    QJSValue parse, stringify;
};

// Owns a JsState from any thread: deleting it is posted to the sandbox thread.
struct JsContext {
    std::shared_ptr<JsSandbox> sandbox;
    JsState *state = nullptr;
    UserFunctionDefinition definition;

    ~JsContext()
    {
        if (state)
            sandbox->post([s = state] { delete s; });
    }
    std::string what() const { return "JavaScript function " + definition.name; }
    Status run(const std::function<Status()> &task) const
    {
        return sandbox->run(&state->engine, definition.timeoutMs, what(), task);
    }
};

Status jsError(const JsContext &ctx, const QJSValue &error)
{
    QString line = error.property(QStringLiteral("lineNumber")).toString();
    return Status(kUdfInternalError, ctx.what() + " failed: " + error.toString().toStdString()
                                         + (line.isEmpty() || line == QLatin1String("undefined") ? "" : " (line " + line.toStdString() + ")"));
}

std::vector<std::string> jsonArguments(const std::vector<ColumnPtr> &args, size_t rows)
{
    std::vector<std::string> out;
    out.reserve(args.size());
    for (const auto &a : args)
        out.push_back(engine::toJsonArray(*a, rows));
    return out;
}

// One JS array per argument column (JSON.parse of the column's JSON: one call per column).
QJSValueList jsArrays(JsState &s, const std::vector<std::string> &json)
{
    QJSValueList list;
    for (const auto &j : json)
        list.append(s.parse.call({QString::fromStdString(j)}));
    return list;
}

// Compiles on the sandbox thread: evaluates `program` in a new engine and keeps its value.
Result<std::shared_ptr<JsContext>> makeContext(const std::shared_ptr<JsSandbox> &sandbox, const UserFunctionDefinition &d,
                                               const QString &program, const QString &mainName)
{
    auto ctx = std::make_shared<JsContext>();
    ctx->sandbox = sandbox;
    ctx->definition = d;
    sandbox->call([&] { ctx->state = new JsState; });
    Status status = ctx->run([&]() -> Status {
        JsState &s = *ctx->state;
        QJSValue json = s.engine.globalObject().property(QStringLiteral("JSON"));
        s.parse = json.property(QStringLiteral("parse"));
        s.stringify = json.property(QStringLiteral("stringify"));
        QJSValue value = s.engine.evaluate(program, QString::fromStdString(d.name));
        if (value.isError())
            return jsError(*ctx, value);
        s.main = mainName.isEmpty() ? value : s.engine.globalObject().property(mainName);
        if (!s.main.isCallable())
            return Status(kUdfInternalError, ctx->what() + ": the source does not define function " + d.name);
        return {};
    });
    if (!status)
        return status;
    return ctx;
}

class JsScalarFunction final : public engine::UserScalarFunction {
public:
    explicit JsScalarFunction(std::shared_ptr<JsContext> ctx) : m_ctx(std::move(ctx)) {}

    Result<ColumnPtr> call(const std::vector<ColumnPtr> &args, size_t rows) const override
    {
        std::vector<std::string> json = jsonArguments(args, rows);
        std::string out;
        Status status = m_ctx->run([&]() -> Status {
            JsState &s = *m_ctx->state;
            QJSValue result = s.main.call(jsArrays(s, json));
            if (result.isError())
                return jsError(*m_ctx, result);
            if (!result.isArray())
                return Status(kUdfInternalError, m_ctx->what() + " must return an array (one value per row)");
            out = s.stringify.call({result}).toString().toStdString();
            return {};
        });
        if (!status)
            return status;
        return engine::fromJsonArray(out, m_ctx->definition.returnType, rows, m_ctx->definition.name);
    }

private:
    std::shared_ptr<JsContext> m_ctx;
};

class JsAggregateState final : public engine::UserAggregateState {
public:
    JsAggregateState(std::shared_ptr<JsContext> ctx, QJSValue *object) : m_ctx(std::move(ctx)), m_object(object) {}
    ~JsAggregateState() override { m_ctx->sandbox->post([o = m_object] { delete o; }); }

    Result<int64_t> process(const std::vector<ColumnPtr> &args) override
    {
        size_t rows = args.empty() ? 0 : args[0]->size();
        std::vector<std::string> json = jsonArguments(args, rows);
        int64_t emits = 0;
        Status status = invoke("process", [&](JsState &s) { return jsArrays(s, json); }, [&](const QJSValue &r) {
            emits = r.isNumber() ? static_cast<int64_t>(r.toNumber()) : 0;
        });
        if (!status)
            return status;
        return emits;
    }

    Status finalize(engine::Column &out) override
    {
        std::string json;
        Status status = invoke("finalize", [](JsState &) { return QJSValueList(); }, [&](const QJSValue &r) {
            QJSValue one = m_ctx->state->engine.newArray(1);
            one.setProperty(0, r);
            json = m_ctx->state->stringify.call({one}).toString().toStdString();
        });
        if (!status)
            return status;
        auto column = engine::fromJsonArray(json, m_ctx->definition.returnType, 1, m_ctx->definition.name);
        if (!column)
            return column.status();
        out.pushFrom(**column, 0);
        return {};
    }

    Result<std::string> serialize() override
    {
        std::string state;
        Status status = invoke("serialize", [](JsState &) { return QJSValueList(); }, [&](const QJSValue &r) { state = r.toString().toStdString(); });
        if (!status)
            return status;
        return state;
    }
    Status deserialize(const std::string &state) override { return withString("deserialize", state); }
    Status merge(const std::string &other) override { return withString("merge", other); }

private:
    Status withString(const char *method, const std::string &text)
    {
        QString arg = QString::fromStdString(text);
        return invoke(method, [&](JsState &) { return QJSValueList{arg}; }, [](const QJSValue &) {});
    }

    // Calls object.method(args) on the sandbox thread and hands the result to `use` there.
    template <typename Args, typename Use>
    Status invoke(const char *method, Args &&makeArgs, Use &&use)
    {
        return m_ctx->run([&]() -> Status {
            QJSValue fn = m_object->property(QString::fromLatin1(method));
            if (!fn.isCallable())
                return Status(kUdaNotApplicable, m_ctx->what() + " has no " + method + "()");
            QJSValue r = fn.callWithInstance(*m_object, makeArgs(*m_ctx->state));
            if (r.isError())
                return jsError(*m_ctx, r);
            use(r);
            return {};
        });
    }

    std::shared_ptr<JsContext> m_ctx;
    QJSValue *m_object; // made and deleted on the sandbox thread
};

class JsAggregateFunction final : public engine::UserAggregateFunction {
public:
    JsAggregateFunction(std::shared_ptr<JsContext> ctx, bool customizedEmit) : m_ctx(std::move(ctx)), m_customizedEmit(customizedEmit) {}

    Result<std::unique_ptr<engine::UserAggregateState>> createState() const override
    {
        QJSValue *object = nullptr;
        Status status = m_ctx->run([&]() -> Status {
            QJSValue made = m_ctx->state->main.call();
            if (made.isError())
                return jsError(*m_ctx, made);
            object = new QJSValue(made);
            QJSValue init = made.property(QStringLiteral("initialize"));
            QJSValue r = init.callWithInstance(made);
            return r.isError() ? jsError(*m_ctx, r) : Status();
        });
        auto state = object ? std::make_unique<JsAggregateState>(m_ctx, object) : nullptr;
        if (!status)
            return status;
        return std::unique_ptr<engine::UserAggregateState>(std::move(state));
    }
    bool hasCustomizedEmit() const override { return m_customizedEmit; }

private:
    std::shared_ptr<JsContext> m_ctx;
    bool m_customizedEmit;
};

} // namespace

JavaScriptRuntime::JavaScriptRuntime(JsLimits limits) : m_sandbox(std::make_shared<JsSandbox>(limits)) {}

Result<std::shared_ptr<const engine::UserScalarFunction>> JavaScriptRuntime::compileScalar(const UserFunctionDefinition &d)
{
    auto ctx = makeContext(m_sandbox, d, QString::fromStdString(d.source), QString::fromStdString(d.name));
    if (!ctx)
        return ctx.status();
    return std::shared_ptr<const engine::UserScalarFunction>(std::make_shared<JsScalarFunction>(*ctx));
}

Result<std::shared_ptr<const engine::UserAggregateFunction>> JavaScriptRuntime::compileAggregate(const UserFunctionDefinition &d)
{
    // Evaluating the literal again per group gives every group its own object.
    QString factory = QStringLiteral("(function () { return (\n%1\n); })").arg(QString::fromStdString(d.source));
    auto ctx = makeContext(m_sandbox, d, factory, QString());
    if (!ctx)
        return ctx.status();
    bool customizedEmit = false;
    Status status = (*ctx)->run([&]() -> Status {
        QJSValue probe = (*ctx)->state->main.call();
        if (probe.isError() || !probe.isObject())
            return Status(kUdfInternalError, (*ctx)->what() + ": the source must be an object { initialize, process, finalize, ... }");
        for (const char *required : {"initialize", "process", "finalize"})
            if (!probe.property(QString::fromLatin1(required)).isCallable())
                return Status(kUdfInternalError, (*ctx)->what() + ": the aggregate object has no " + required + "() function");
        customizedEmit = probe.property(QStringLiteral("has_customized_emit")).toBool();
        return {};
    });
    if (!status)
        return status;
    return std::shared_ptr<const engine::UserAggregateFunction>(std::make_shared<JsAggregateFunction>(*ctx, customizedEmit));
}

} // namespace tideline::workspace
