/**
 * The IPv4 and IPv6 address patterns of PVE::ParseUtils ($IPV4RE, $IPV6RE), as regular
 * expression sources. They are the RFC 3986 grammar; zone indices (`%eth0`) are not part of
 * them.
 */
const IPV4_OCTET = '(?:25[0-5]|(?:2[0-4]|1[0-9]|[1-9])?[0-9])';

export const IPV4_PATTERN = `(?:(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET})`;

const H16 = '(?:[0-9a-fA-F]{1,4})';
const LS32 = `(?:(?:${IPV4_PATTERN}|${H16}:${H16}))`;

export const IPV6_PATTERN =
  '(?:' +
  [
    `(?:(?:(?:${H16}:){6})${LS32})`,
    `(?:(?:::(?:${H16}:){5})${LS32})`,
    `(?:(?:(?:${H16})?::(?:${H16}:){4})${LS32})`,
    `(?:(?:(?:(?:${H16}:){0,1}${H16})?::(?:${H16}:){3})${LS32})`,
    `(?:(?:(?:(?:${H16}:){0,2}${H16})?::(?:${H16}:){2})${LS32})`,
    `(?:(?:(?:(?:${H16}:){0,3}${H16})?::(?:${H16}:){1})${LS32})`,
    `(?:(?:(?:(?:${H16}:){0,4}${H16})?::)${LS32})`,
    `(?:(?:(?:(?:${H16}:){0,5}${H16})?::)${H16})`,
    `(?:(?:(?:(?:${H16}:){0,6}${H16})?::))`,
  ].join('|') +
  ')';
