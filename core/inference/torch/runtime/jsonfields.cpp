#include "core/inference/torch/runtime/jsonfields.h"

namespace dragoman::torchrt {

using nlohmann::json;

bool JsonFields::has(const char *key) const {
  const auto it = m_j.find(key);
  return it != m_j.end() && !it->is_null();
}

const json &JsonFields::required(const char *key) const {
  const auto it = m_j.find(key);
  if (it == m_j.end() || it->is_null())
    throw ModelError(ErrorCode::Corrupt, m_file + ": missing field \"" + key + "\"");
  return *it;
}

long long JsonFields::integer(const json &v, const std::string &key, long long minimum, long long maximum) const {
  if (!v.is_number_integer())
    throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be an integer, found " + v.dump());
  const long long x = v.get<long long>();
  if (x < minimum || x > maximum)
    throw ModelError(ErrorCode::Unsupported, m_file + ": field \"" + key + "\" = " + std::to_string(x) +
                                                 " is outside the supported range " + std::to_string(minimum) + ".." +
                                                 std::to_string(maximum));
  return x;
}

long long JsonFields::integer(const char *key, long long minimum, long long maximum) const {
  return integer(required(key), key, minimum, maximum);
}

long long JsonFields::integer(const char *key, long long minimum, long long maximum, long long fallback) const {
  return has(key) ? integer(key, minimum, maximum) : fallback;
}

double JsonFields::number(const char *key, double fallback) const {
  if (!has(key))
    return fallback;
  const json &v = m_j.at(key);
  if (!v.is_number())
    throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be a number, found " + v.dump());
  return v.get<double>();
}

bool JsonFields::boolean(const char *key, bool fallback) const {
  if (!has(key))
    return fallback;
  const json &v = m_j.at(key);
  if (!v.is_boolean())
    throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be true or false, found " + v.dump());
  return v.get<bool>();
}

std::string JsonFields::string(const char *key, const std::string &fallback) const {
  if (!has(key))
    return fallback;
  const json &v = m_j.at(key);
  if (!v.is_string())
    throw ModelError(ErrorCode::Corrupt, m_file + ": field \"" + key + "\" must be a string, found " + v.dump());
  return v.get<std::string>();
}

void JsonFields::fail(ErrorCode code, const std::string &message) const { throw ModelError(code, m_file + ": " + message); }

} // namespace dragoman::torchrt
