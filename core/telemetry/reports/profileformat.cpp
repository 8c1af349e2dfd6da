#include "core/telemetry/reports/profilereports.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTimeZone>

namespace dragoman::telemetry {

std::optional<ProfileFormat> profileFormatFromName(QStringView name) {
  const QString n = name.trimmed().toString().toLower();
  if (n == u"json")
    return ProfileFormat::Json;
  if (n == u"csv")
    return ProfileFormat::Csv;
  if (n == u"txt" || n == u"text")
    return ProfileFormat::Text;
  if (n == u"chrome")
    return ProfileFormat::Chrome;
  return std::nullopt;
}

std::optional<ProfileFormat> profileFormatFromPath(QStringView path) {
  const QString p = path.toString().toLower();
  if (p.endsWith(u".csv"))
    return ProfileFormat::Csv;
  if (p.endsWith(u".txt"))
    return ProfileFormat::Text;
  if (p.endsWith(u".trace.json") || p.endsWith(u".trace"))
    return ProfileFormat::Chrome;
  if (p.endsWith(u".json"))
    return ProfileFormat::Json;
  return std::nullopt;
}

QString profileFormatName(ProfileFormat format) {
  switch (format) {
  case ProfileFormat::Json: return QStringLiteral("json");
  case ProfileFormat::Csv: return QStringLiteral("csv");
  case ProfileFormat::Text: return QStringLiteral("txt");
  case ProfileFormat::Chrome: return QStringLiteral("chrome");
  }
  return QStringLiteral("json");
}

QByteArray profileTo(const ProfileSnapshot &profile, ProfileFormat format) {
  switch (format) {
  case ProfileFormat::Json: return profileToJson(profile);
  case ProfileFormat::Csv: return profileToCsv(profile);
  case ProfileFormat::Text: return profileToText(profile);
  case ProfileFormat::Chrome: return profileToChromeTrace(profile);
  }
  return profileToJson(profile);
}

Status writeProfile(const ProfileSnapshot &profile, ProfileFormat format, const QString &path) {
  const auto fail = [&path](const QString &why) {
    return makeError(ErrorKind::Output, QStringLiteral("cannot write the profile to %1: %2").arg(path, why));
  };
  if (path.isEmpty())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write the profile: no file name given"));
  const QFileInfo info(path);
  if (!info.absoluteDir().exists())
    return fail(QStringLiteral("the folder %1 does not exist").arg(QDir::toNativeSeparators(info.absolutePath())));
  if (info.isDir())
    return fail(QStringLiteral("it is a folder"));

  const QByteArray content = profileTo(profile, format);
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return fail(file.errorString());
  if (file.write(content) != content.size()) {
    const QString why = file.errorString();
    file.cancelWriting();
    return fail(why + QStringLiteral(" (disk full?)"));
  }
  if (!file.commit())
    return fail(file.errorString());
  return Status::success();
}

namespace detail {

QString isoUtc(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms), QTimeZone::utc())
      .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

} // namespace detail

} // namespace dragoman::telemetry
