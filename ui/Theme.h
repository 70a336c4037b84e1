#pragma once
// Fusion with a light or a dark palette. System follows the platform's palette at start
// (a dark desktop gets the dark palette); Light and Dark force one.
#include <QString>

namespace tideline::ui {

class Theme {
public:
    enum class Mode { System, Light, Dark };
    static void apply(Mode mode);
    static Mode current() { return s_mode; }
    static bool isDark();
    static Mode fromString(const QString &name);

private:
    static inline Mode s_mode = Mode::System;
    static inline bool s_systemDark = false;
    static inline bool s_systemKnown = false;
};

} // namespace tideline::ui
