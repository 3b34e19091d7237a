/* swdoctor: program, debug, recover and diagnose STM32 microcontrollers
 * through ST-LINK probes.  Include this one header. */
#ifndef SWDOCTOR_H
#define SWDOCTOR_H

#include <swdoctor/version.h>
#include <swdoctor/error.h>
#include <swdoctor/log.h>
#include <swdoctor/session.h>
#include <swdoctor/image.h>
#include <swdoctor/probe.h>
#include <swdoctor/target.h>
#include <swdoctor/options.h>
#include <swdoctor/probe.h>

#endif
