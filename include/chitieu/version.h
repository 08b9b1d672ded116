/*
 * chitieu/version.h — the version of chitieu (`chitieu --version`).
 */
#ifndef CHITIEU_VERSION_H
#define CHITIEU_VERSION_H

#define CHITIEU_VERSION "0.13.0"

#endif
