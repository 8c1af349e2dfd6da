// The OpenAPI document served at /api/v1/openapi.json: it parses, and a small structural validator
// (references, operations, parameters, schemas, security, headers) finds nothing wrong. The list of
// endpoints is checked exactly, so that a route missing from the document fails here.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <functional>
#include <optional>

namespace {

const QStringList kMethods{QStringLiteral("get"),    QStringLiteral("put"),     QStringLiteral("post"),
                           QStringLiteral("delete"), QStringLiteral("options"), QStringLiteral("head"),
                           QStringLiteral("patch"),  QStringLiteral("trace")};

// Follows a local JSON pointer such as "#/components/schemas/Error"; nullopt when it names nothing.
std::optional<QJsonValue> resolvePointer(const QJsonObject &document, const QString &ref) {
  if (ref == QLatin1String("#"))
    return QJsonValue(document);
  if (!ref.startsWith(QLatin1String("#/")))
    return std::nullopt; // only references inside the document
  QJsonValue node = document;
  const QStringList tokens = ref.mid(2).split(QLatin1Char('/'));
  for (QString token : tokens) {
    token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
    if (node.isObject()) {
      const QJsonObject object = node.toObject();
      if (!object.contains(token))
        return std::nullopt;
      node = object.value(token);
    } else if (node.isArray()) {
      bool ok = false;
      const qsizetype index = token.toLongLong(&ok);
      if (!ok || index < 0 || index >= node.toArray().size())
        return std::nullopt;
      node = node.toArray().at(index);
    } else {
      return std::nullopt;
    }
  }
  return node;
}

// A key as a JSON pointer token: "/api/v1/status" → "~1api~1v1~1status".
QString pointerToken(QString key) {
  return key.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
}

// Visits every object in the tree with its JSON pointer.
void forEachObject(const QJsonValue &value, const QString &where,
                   const std::function<void(const QJsonObject &, const QString &)> &visit) {
  if (value.isObject()) {
    const QJsonObject object = value.toObject();
    visit(object, where);
    for (auto it = object.begin(); it != object.end(); ++it)
      forEachObject(it.value(), where + QLatin1Char('/') + pointerToken(it.key()), visit);
  } else if (value.isArray()) {
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i)
      forEachObject(array.at(i), where + QLatin1Char('/') + QString::number(i), visit);
  }
}

struct Operation {
  QString method; // upper case
  QString path;
  QJsonObject pathItem;
  QJsonObject object;
  QString where;
};

class Validator {
public:
  explicit Validator(QJsonObject document) : m_doc(std::move(document)) {}

  const QJsonObject &document() const { return m_doc; }

  // A Reference Object replaced by what it points to (chains followed); other objects unchanged.
  QJsonObject deref(QJsonObject object) const {
    for (int hops = 0; hops < 16 && object.contains(QLatin1String("$ref")); ++hops) {
      const std::optional<QJsonValue> target = resolvePointer(m_doc, object.value(QLatin1String("$ref")).toString());
      if (!target || !target->isObject())
        return {};
      object = target->toObject();
    }
    return object;
  }

  QList<Operation> operations() const {
    QList<Operation> out;
    const QJsonObject paths = m_doc.value(QLatin1String("paths")).toObject();
    for (auto it = paths.begin(); it != paths.end(); ++it) {
      const QJsonObject item = deref(it.value().toObject());
      for (const QString &method : kMethods)
        if (item.contains(method))
          out.append({method.toUpper(), it.key(), item, item.value(method).toObject(),
                      QStringLiteral("#/paths/%1/%2").arg(pointerToken(it.key()), method)});
    }
    return out;
  }

  // Every schema in the document (components/schemas and each "schema" value, with what they nest),
  // with where it is. References are not followed: what they point to is visited where it lives.
  QList<QPair<QJsonObject, QString>> schemas() const {
    QList<QPair<QJsonObject, QString>> out;
    std::function<void(const QJsonValue &, const QString &)> descend = [&](const QJsonValue &value,
                                                                           const QString &where) {
      if (!value.isObject())
        return;
      const QJsonObject schema = value.toObject();
      out.append({schema, where});
      const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
      for (auto it = properties.begin(); it != properties.end(); ++it)
        descend(it.value(), where + QStringLiteral("/properties/") + pointerToken(it.key()));
      for (const char *key : {"items", "additionalProperties", "not"})
        descend(schema.value(QLatin1String(key)), where + QLatin1Char('/') + QLatin1String(key));
      for (const char *key : {"allOf", "oneOf", "anyOf"}) {
        const QJsonArray parts = schema.value(QLatin1String(key)).toArray();
        for (qsizetype i = 0; i < parts.size(); ++i)
          descend(parts.at(i), QStringLiteral("%1/%2/%3").arg(where, QLatin1String(key)).arg(i));
      }
    };
    const QJsonObject components =
        m_doc.value(QLatin1String("components")).toObject().value(QLatin1String("schemas")).toObject();
    for (auto it = components.begin(); it != components.end(); ++it)
      descend(it.value(), QStringLiteral("#/components/schemas/") + pointerToken(it.key()));
    forEachObject(m_doc.value(QLatin1String("paths")), QStringLiteral("#/paths"),
                  [&](const QJsonObject &o, const QString &where) {
                    if (o.value(QLatin1String("schema")).isObject())
                      descend(o.value(QLatin1String("schema")), where + QStringLiteral("/schema"));
                  });
    const QJsonObject comp = m_doc.value(QLatin1String("components")).toObject();
    for (const char *section : {"parameters", "headers", "responses", "requestBodies"})
      forEachObject(comp.value(QLatin1String(section)), QStringLiteral("#/components/") + QLatin1String(section),
                    [&](const QJsonObject &o, const QString &where) {
                      if (o.value(QLatin1String("schema")).isObject())
                        descend(o.value(QLatin1String("schema")), where + QStringLiteral("/schema"));
                    });
    return out;
  }

  // Names of security schemes a security requirement list uses that are not defined.
  QStringList undefinedSchemes(const QJsonValue &requirements, const QString &where) const {
    QStringList problems;
    if (!requirements.isArray())
      return {where + QStringLiteral(": security is not an array")};
    const QJsonObject schemes =
        m_doc.value(QLatin1String("components")).toObject().value(QLatin1String("securitySchemes")).toObject();
    for (const QJsonValue &requirement : requirements.toArray()) {
      if (!requirement.isObject()) {
        problems << where + QStringLiteral(": a security requirement is not an object");
        continue;
      }
      const QJsonObject r = requirement.toObject();
      for (auto it = r.begin(); it != r.end(); ++it) {
        if (!schemes.contains(it.key()))
          problems << QStringLiteral("%1: security scheme %2 is not defined").arg(where, it.key());
        if (!it.value().isArray())
          problems << QStringLiteral("%1: the scopes of %2 are not an array").arg(where, it.key());
      }
    }
    return problems;
  }

private:
  QJsonObject m_doc;
};

QString report(const QStringList &problems) {
  return problems.isEmpty() ? QString() : QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "));
}

} // namespace

class TestOpenApi : public QObject {
  Q_OBJECT
  QByteArray m_bytes;
  std::optional<Validator> m_v;

private Q_SLOTS:
  void initTestCase() {
    QFile file(QStringLiteral(":/dragoman/server/openapi.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), "the resource :/dragoman/server/openapi.json is missing");
    m_bytes = file.readAll();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_bytes, &error);
    QVERIFY2(error.error == QJsonParseError::NoError,
             qPrintable(QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset)));
    QVERIFY(document.isObject());
    m_v.emplace(document.object());
  }

  void versionAndInfo() {
    const QJsonObject doc = m_v->document();
    QVERIFY2(doc.value(QLatin1String("openapi")).toString().startsWith(QLatin1String("3.0")),
             qPrintable(doc.value(QLatin1String("openapi")).toString()));
    const QJsonObject info = doc.value(QLatin1String("info")).toObject();
    QCOMPARE(info.value(QLatin1String("title")).toString(), QStringLiteral("Dragoman API"));
    QCOMPARE(info.value(QLatin1String("version")).toString(), QStringLiteral("1"));
    QCOMPARE(info.value(QLatin1String("license")).toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("GPL-3.0-or-later"));
    const QJsonArray servers = doc.value(QLatin1String("servers")).toArray();
    QVERIFY(!servers.isEmpty());
    QCOMPARE(servers.at(0).toObject().value(QLatin1String("url")).toString(), QStringLiteral("http://127.0.0.1:8765"));
    QVERIFY(doc.value(QLatin1String("paths")).isObject());
  }

  // People read it too: two-space indentation, no tabs, a final newline.
  void layout() {
    QVERIFY(m_bytes.endsWith('\n'));
    QVERIFY(m_bytes.contains("\n  \"openapi\": \"3.0"));
    QVERIFY(!m_bytes.contains('\t'));
  }

  void everyReferenceResolves() {
    QStringList problems;
    int references = 0;
    forEachObject(m_v->document(), QStringLiteral("#"), [&](const QJsonObject &o, const QString &where) {
      if (o.contains(QLatin1String("$ref"))) {
        ++references;
        const QJsonValue ref = o.value(QLatin1String("$ref"));
        if (!ref.isString())
          problems << where + QStringLiteral(": $ref is not a string");
        else if (!resolvePointer(m_v->document(), ref.toString()))
          problems << QStringLiteral("%1: %2 does not resolve").arg(where, ref.toString());
        if (o.size() > 1)
          problems << where + QStringLiteral(": a $ref has siblings, which OpenAPI 3.0 ignores");
      }
      // Discriminator mappings are references too.
      const QJsonObject mapping =
          o.value(QLatin1String("discriminator")).toObject().value(QLatin1String("mapping")).toObject();
      for (auto it = mapping.begin(); it != mapping.end(); ++it)
        if (!resolvePointer(m_v->document(), it.value().toString()))
          problems << QStringLiteral("%1: discriminator mapping %2 → %3 does not resolve")
                          .arg(where, it.key(), it.value().toString());
    });
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    QVERIFY2(references > 50, qPrintable(QString::number(references))); // components are reused, not copied
  }

  void everyOperationIsComplete() {
    QStringList problems;
    QSet<QString> ids;
    static const QRegularExpression statusKey(QStringLiteral("^([1-5]([0-9][0-9]|XX)|default)$"));
    static const QRegularExpression success(QStringLiteral("^(2([0-9][0-9]|XX)|101)$"));
    const QList<Operation> operations = m_v->operations();
    QVERIFY(!operations.isEmpty());
    for (const Operation &op : operations) {
      const QString id = op.object.value(QLatin1String("operationId")).toString();
      if (id.isEmpty())
        problems << op.where + QStringLiteral(": no operationId");
      else if (ids.contains(id))
        problems << QStringLiteral("%1: operationId %2 is used twice").arg(op.where, id);
      ids.insert(id);
      if (op.object.value(QLatin1String("summary")).toString().trimmed().isEmpty())
        problems << op.where + QStringLiteral(": no summary");
      if (op.object.value(QLatin1String("description")).toString().trimmed().isEmpty())
        problems << op.where + QStringLiteral(": no description");
      const QJsonObject responses = op.object.value(QLatin1String("responses")).toObject();
      if (responses.isEmpty())
        problems << op.where + QStringLiteral(": no responses");
      bool succeeds = false;
      for (auto it = responses.begin(); it != responses.end(); ++it) {
        if (!statusKey.match(it.key()).hasMatch())
          problems << QStringLiteral("%1: response key %2 is not a status").arg(op.where, it.key());
        succeeds = succeeds || success.match(it.key()).hasMatch();
        const QJsonObject response = m_v->deref(it.value().toObject());
        if (response.value(QLatin1String("description")).toString().isEmpty())
          problems << QStringLiteral("%1/responses/%2: no description").arg(op.where, it.key());
        const QJsonObject content = response.value(QLatin1String("content")).toObject();
        for (auto media = content.begin(); media != content.end(); ++media)
          if (!media.value().toObject().value(QLatin1String("schema")).isObject())
            problems << QStringLiteral("%1/responses/%2: %3 has no schema").arg(op.where, it.key(), media.key());
        if (content.isEmpty() && it.key() != QLatin1String("101") && it.key() != QLatin1String("204"))
          problems << QStringLiteral("%1/responses/%2: no content").arg(op.where, it.key());
      }
      if (!succeeds)
        problems << op.where + QStringLiteral(": no 2xx or 101 response");
      const QJsonObject body = m_v->deref(op.object.value(QLatin1String("requestBody")).toObject());
      const QJsonObject bodyContent = body.value(QLatin1String("content")).toObject();
      if (op.object.contains(QLatin1String("requestBody")) && bodyContent.isEmpty())
        problems << op.where + QStringLiteral(": a requestBody without content");
      for (auto media = bodyContent.begin(); media != bodyContent.end(); ++media)
        if (!media.value().toObject().value(QLatin1String("schema")).isObject())
          problems << QStringLiteral("%1/requestBody: %2 has no schema").arg(op.where, media.key());
    }
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
  }

  void pathParametersAreDeclared() {
    QStringList problems;
    static const QRegularExpression placeholder(QStringLiteral("\\{([^{}/]+)\\}"));
    static const QStringList places{QStringLiteral("query"), QStringLiteral("header"), QStringLiteral("path"),
                                    QStringLiteral("cookie")};
    for (const Operation &op : m_v->operations()) {
      QSet<QString> templated;
      for (const QRegularExpressionMatch &m : placeholder.globalMatch(op.path))
        templated.insert(m.captured(1));
      QList<QJsonObject> parameters;
      for (const QJsonObject &owner : {op.pathItem, op.object})
        for (const QJsonValue &p : owner.value(QLatin1String("parameters")).toArray())
          parameters.append(m_v->deref(p.toObject()));
      QSet<QString> declared;
      for (const QJsonObject &p : parameters) {
        const QString name = p.value(QLatin1String("name")).toString();
        const QString in = p.value(QLatin1String("in")).toString();
        if (name.isEmpty() || !places.contains(in))
          problems << QStringLiteral("%1: a parameter without a name or a valid \"in\"").arg(op.where);
        if (!p.value(QLatin1String("schema")).isObject() && !p.value(QLatin1String("content")).isObject())
          problems << QStringLiteral("%1: parameter %2 has no schema").arg(op.where, name);
        if (in != QLatin1String("path"))
          continue;
        if (!templated.contains(name))
          problems << QStringLiteral("%1: path parameter %2 is not in the path").arg(op.where, name);
        if (p.value(QLatin1String("required")) != QJsonValue(true))
          problems << QStringLiteral("%1: path parameter %2 is not required: true").arg(op.where, name);
        declared.insert(name);
      }
      for (const QString &name : templated)
        if (!declared.contains(name))
          problems << QStringLiteral("%1: {%2} is not declared as a path parameter").arg(op.where, name);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
  }

  void schemasAreWellFormed() {
    QStringList problems;
    static const QStringList types{QStringLiteral("string"),  QStringLiteral("number"), QStringLiteral("integer"),
                                   QStringLiteral("boolean"), QStringLiteral("array"),  QStringLiteral("object")};
    const auto schemas = m_v->schemas();
    QVERIFY(schemas.size() > 50);
    for (const auto &[schema, where] : schemas) {
      if (schema.contains(QLatin1String("type"))) {
        const QString type = schema.value(QLatin1String("type")).toString();
        if (!types.contains(type)) // 3.0: one type name, never a list or "null"
          problems << QStringLiteral("%1: type %2 is not an OpenAPI 3.0 type").arg(where, type);
        if (type == QLatin1String("array") && !schema.value(QLatin1String("items")).isObject())
          problems << where + QStringLiteral(": an array without items");
      }
      if (!schema.contains(QLatin1String("required")))
        continue;
      const QJsonValue required = schema.value(QLatin1String("required"));
      const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
      if (!required.isArray() || required.toArray().isEmpty()) {
        problems << where + QStringLiteral(": required is not a non-empty array");
        continue;
      }
      QSet<QString> seen;
      for (const QJsonValue &name : required.toArray()) {
        if (!properties.contains(name.toString()))
          problems << QStringLiteral("%1: required %2 is not a property").arg(where, name.toString());
        if (seen.contains(name.toString()))
          problems << QStringLiteral("%1: required %2 twice").arg(where, name.toString());
        seen.insert(name.toString());
      }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    // The error body is described once and reused.
    const QJsonObject error =
        m_v->deref(QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/Error")}});
    QVERIFY(error.value(QLatin1String("properties")).toObject().contains(QLatin1String("error")));
  }

  void securityIsDefinedAndApplied() {
    const QJsonObject doc = m_v->document();
    const QJsonObject apiKey = doc.value(QLatin1String("components"))
                                   .toObject()
                                   .value(QLatin1String("securitySchemes"))
                                   .toObject()
                                   .value(QLatin1String("apiKey"))
                                   .toObject();
    QCOMPARE(apiKey.value(QLatin1String("type")).toString(), QStringLiteral("http"));
    QCOMPARE(apiKey.value(QLatin1String("scheme")).toString().toLower(), QStringLiteral("bearer"));
    QVERIFY(apiKey.value(QLatin1String("bearerFormat")).toString().startsWith(QLatin1String("dgm_")));

    QStringList problems = m_v->undefinedSchemes(doc.value(QLatin1String("security")), QStringLiteral("#/security"));
    QCOMPARE(doc.value(QLatin1String("security")).toArray().size(), 1); // a key everywhere, unless overridden
    QSet<QString> open;
    for (const Operation &op : m_v->operations()) {
      if (!op.object.contains(QLatin1String("security")))
        continue;
      problems << m_v->undefinedSchemes(op.object.value(QLatin1String("security")),
                                        op.where + QStringLiteral("/security"));
      if (op.object.value(QLatin1String("security")).toArray().isEmpty())
        open.insert(op.method + QLatin1Char(' ') + op.path);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    QVERIFY(open.contains(QStringLiteral("GET /healthz")));
    QVERIFY(open.contains(QStringLiteral("GET /readyz")));
    QVERIFY(!open.contains(QStringLiteral("GET /metrics"))); // a key unless server.metrics_public
    QVERIFY(!open.contains(QStringLiteral("POST /api/v1/translate")));
  }

  // Every HTTP response carries X-Request-ID; error responses come from components/responses and
  // describe the Error body; 429 says when to retry.
  void responsesShareHeadersAndErrors() {
    QStringList problems;
    for (const Operation &op : m_v->operations()) {
      const QJsonObject responses = op.object.value(QLatin1String("responses")).toObject();
      for (auto it = responses.begin(); it != responses.end(); ++it) {
        const QString where = QStringLiteral("%1/responses/%2").arg(op.where, it.key());
        const QJsonObject response = m_v->deref(it.value().toObject());
        const QJsonObject headers = response.value(QLatin1String("headers")).toObject();
        // The WebSocket handshake (101) is written by Qt's WebSocket server, without our headers;
        // its request id comes in the stream's hello message instead.
        if (it.key() != QLatin1String("101") && !headers.contains(QLatin1String("X-Request-ID")))
          problems << where + QStringLiteral(": no X-Request-ID header");
        const int status = it.key().toInt();
        if (status >= 400 && !it.value()
                                  .toObject()
                                  .value(QLatin1String("$ref"))
                                  .toString()
                                  .startsWith(QLatin1String("#/components/responses/")))
          problems << where + QStringLiteral(": an error response not taken from components/responses");
        if (status == 429 && !headers.contains(QLatin1String("Retry-After")))
          problems << where + QStringLiteral(": no Retry-After header");
        if (status >= 400 && !QJsonDocument(response).toJson().contains("#/components/schemas/Error"))
          problems << where + QStringLiteral(": the body is not the Error schema");
      }
      const bool keyed = !op.object.contains(QLatin1String("security")) ||
                         !op.object.value(QLatin1String("security")).toArray().isEmpty();
      for (const char *status : {"401", "429", "500"})
        if (keyed && !responses.contains(QLatin1String(status)))
          problems << QStringLiteral("%1: a keyed endpoint without %2").arg(op.where, QLatin1String(status));
      if (op.method == QLatin1String("POST") && op.object.contains(QLatin1String("requestBody")))
        for (const char *status : {"400", "413", "415"})
          if (!responses.contains(QLatin1String(status)))
            problems << QStringLiteral("%1: a request body without %2").arg(op.where, QLatin1String(status));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
  }

  void endpointsAreExactlyTheApi() {
    const QSet<QString> expected{
        QStringLiteral("GET /healthz"),
        QStringLiteral("GET /readyz"),
        QStringLiteral("GET /metrics"),
        QStringLiteral("GET /api/v1/status"),
        QStringLiteral("POST /api/v1/translate"),
        QStringLiteral("POST /api/v1/transcribe"),
        QStringLiteral("POST /api/v1/speak"),
        QStringLiteral("GET /api/v1/sessions"),
        QStringLiteral("GET /api/v1/sessions/{id}"),
        QStringLiteral("GET /api/v1/sessions/{id}/export"),
        QStringLiteral("GET /api/v1/profile"),
        QStringLiteral("POST /api/v1/live/start"),
        QStringLiteral("POST /api/v1/live/stop"),
        QStringLiteral("GET /api/v1/stream"),
        QStringLiteral("GET /api/v1/openapi.json"),
    };
    QSet<QString> actual;
    for (const Operation &op : m_v->operations())
      actual.insert(op.method + QLatin1Char(' ') + op.path);
    QStringList missing = (expected - actual).values();
    QStringList extra = (actual - expected).values();
    missing.sort();
    extra.sort();
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not documented: ") + missing.join(QStringLiteral(", "))));
    QVERIFY2(extra.isEmpty(), qPrintable(QStringLiteral("not in the API: ") + extra.join(QStringLiteral(", "))));
  }

  // Spot checks of the parts clients depend on most.
  void keyShapes() {
    const auto schema = [this](const QString &name) {
      return m_v->deref(QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/") + name}});
    };
    const QJsonObject detail = schema(QStringLiteral("ErrorDetail"));
    for (const char *field : {"status", "code", "message", "request_id"})
      QVERIFY2(detail.value(QLatin1String("required")).toArray().contains(QLatin1String(field)), field);
    const QJsonObject texts = schema(QStringLiteral("TranslateTextsRequest"));
    const QJsonObject list =
        texts.value(QLatin1String("properties")).toObject().value(QLatin1String("texts")).toObject();
    QCOMPARE(list.value(QLatin1String("minItems")).toInt(), 1);
    QCOMPARE(list.value(QLatin1String("maxItems")).toInt(), 64);
    QCOMPARE(schema(QStringLiteral("LanguageCode")).value(QLatin1String("pattern")).toString(),
             QStringLiteral("^[a-z]{2,3}$"));
    const QJsonObject metrics = m_v->document()
                                    .value(QLatin1String("paths"))
                                    .toObject()
                                    .value(QLatin1String("/metrics"))
                                    .toObject()
                                    .value(QLatin1String("get"))
                                    .toObject()
                                    .value(QLatin1String("responses"))
                                    .toObject()
                                    .value(QLatin1String("200"))
                                    .toObject();
    QVERIFY(metrics.value(QLatin1String("content"))
                .toObject()
                .contains(QLatin1String("text/plain; version=0.0.4; charset=utf-8")));
  }
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
