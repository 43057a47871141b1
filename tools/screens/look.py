"""How a generated desktop looks: size, scale, light or dark, fonts, window-manager theme,
task bar; and the configuration files and environment that make the programs look that way.

Scale: GTK takes whole factors from ``GDK_SCALE`` and the rest from ``GDK_DPI_SCALE`` (text and
the widgets around it grow); Xvfb's ``-dpi`` and ``Xft.dpi`` tell xterm and GTK 2; Chromium gets
``--force-device-scale-factor``; openbox and tint2 ignore the DPI, so their font and panel sizes
are scaled in their own configuration.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools.screens import namespace

SIZES = ((1280, 800), (1920, 1080), (2560, 1440))
SCALES = (1.0, 1.25, 1.5, 2.0)
THEMES = ("light", "dark")
#: Openbox themes that look light or dark; the first of each is the default.
OPENBOX_THEMES = {"light": ("Clearlooks", "Clearlooks-3.4", "Natura", "Mikachu", "Bear2"),
                  "dark": ("Onyx", "Nightmare", "Onyx-Citrus", "Syscrash")}
FONTS = ("DejaVu Sans", "Liberation Sans")


@dataclass(frozen=True)
class Look:
    """Everything about a desktop that needs its programs restarted to change."""

    size: tuple[int, int] = (1280, 800)
    theme: str = "light"
    scale: float = 1.0
    font: str = "DejaVu Sans"
    font_size: float = 10.0
    openbox_theme: str = ""
    panel: bool = True

    @property
    def dark(self) -> bool:
        return self.theme == "dark"

    @property
    def wm_theme(self) -> str:
        return self.openbox_theme or OPENBOX_THEMES[self.theme][0]

    @property
    def dpi(self) -> int:
        return round(96 * self.scale)

    @property
    def gdk_scale(self) -> int:
        return 2 if self.scale >= 2 else 1

    @property
    def panel_height(self) -> int:
        return round(30 * self.scale) if self.panel else 0


def environment(look: Look, locpath: Path) -> dict[str, str]:
    """The environment every program on the desktop starts with (inside the namespace)."""
    home = namespace.HOME
    gtk2 = f"{home}/.gtkrc-2.0"
    if look.dark:
        gtk2 = f"/usr/share/themes/Adwaita-dark/gtk-2.0/gtkrc:{gtk2}"
    return {
        "PATH": namespace.PATH, "HOME": home, "USER": namespace.USER, "LOGNAME": namespace.USER,
        "SHELL": "/bin/bash", "LANG": namespace.LOCALE, "LC_ALL": namespace.LOCALE, "LANGUAGE": "ru",
        "LOCPATH": str(locpath), "XDG_CONFIG_HOME": f"{home}/.config", "XDG_DATA_HOME": f"{home}/.local/share",
        "XDG_CACHE_HOME": f"{home}/.cache", "XDG_RUNTIME_DIR": f"{home}/.run",
        "GTK_THEME": "Adwaita:dark" if look.dark else "Adwaita", "GTK2_RC_FILES": gtk2,
        "GDK_SCALE": str(look.gdk_scale), "GDK_DPI_SCALE": f"{look.scale / look.gdk_scale:.4g}",
        "QT_SCALE_FACTOR": f"{look.scale:.4g}", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "QT_ACCESSIBILITY": "1", "NO_AT_BRIDGE": "0", "GTK_MODULES": "gail:atk-bridge",
        "ACCESSIBILITY_ENABLED": "1", "GSETTINGS_BACKEND": "memory", "GTK_OVERLAY_SCROLLING": "0",
        "NO_AT_BRIDGE_WARNINGS": "1",
    }


def write_config(look: Look, home: Path) -> dict[str, Path]:
    """Writes openbox, tint2 and GTK settings under ``home`` (seen as /home/user); returns their paths."""
    config = home / ".config"
    for sub in ("openbox", "tint2", "gtk-3.0", "fontconfig"):
        (config / sub).mkdir(parents=True, exist_ok=True)
    (home / ".run").mkdir(mode=0o700, exist_ok=True)
    title_size = round(9 * look.scale)
    font_xml = "".join(
        f"<font place=\"{place}\"><name>{look.font}</name><size>{title_size}</size>"
        f"<weight>bold</weight><slant>normal</slant></font>"
        for place in ("ActiveWindow", "InactiveWindow", "MenuHeader", "MenuItem"))
    openbox = config / "openbox" / "rc.xml"
    openbox.write_text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<openbox_config xmlns=\"http://openbox.org/3.4/rc\">\n"
        "<resistance><strength>0</strength><screen_edge_strength>0</screen_edge_strength></resistance>\n"
        "<focus><focusNew>yes</focusNew><followMouse>no</followMouse></focus>\n"
        "<placement><policy>Smart</policy><center>yes</center></placement>\n"
        f"<theme><name>{look.wm_theme}</name><titleLayout>NLIMC</titleLayout>"
        f"<keepBorder>yes</keepBorder><animateIconify>no</animateIconify>{font_xml}</theme>\n"
        "<desktops><number>1</number></desktops>\n"
        "<margins><top>0</top><bottom>0</bottom><left>0</left><right>0</right></margins>\n"
        "<applications><application class=\"*\"><decor>yes</decor></application></applications>\n"
        "</openbox_config>\n", encoding="utf-8")
    s = look.scale
    panel_bg = "#1d1f21 100" if look.dark else "#2e3440 92"
    tint2 = config / "tint2" / "tint2rc"
    tint2.write_text("\n".join([
        "rounded = 0", "border_width = 0", f"background_color = {panel_bg}", "border_color = #000000 0",
        "rounded = 3", "border_width = 1", "background_color = #777777 25", "border_color = #ffffff 30",
        "rounded = 3", "border_width = 1", "background_color = #aaaaaa 45", "border_color = #ffffff 60",
        # Task buttons, a system tray (a host for Vidimo's own icon in end-to-end tests), a clock.
        "panel_items = TSC", f"systray_icon_size = {round(22 * s)}",
        f"systray_padding = {round(4 * s)} 0 {round(4 * s)}", "systray_background_id = 0",
        f"panel_size = 100% {look.panel_height or 1}", "panel_margin = 0 0",
        f"panel_padding = {round(2 * s)} {round(2 * s)} {round(2 * s)}", "panel_background_id = 1",
        "panel_position = bottom center horizontal", "panel_layer = top", "strut_policy = follow_size",
        "panel_window_name = tint2", "disable_transparency = 1", "mouse_effects = 0", "font_shadow = 0",
        "taskbar_mode = single_desktop", "taskbar_padding = 0 0 2", "taskbar_background_id = 0",
        "taskbar_name = 0", "task_text = 1", "task_icon = 1", "task_centered = 0",
        f"task_maximum_size = {round(180 * s)} {round(26 * s)}", f"task_padding = {round(4 * s)} {round(2 * s)} 4",
        f"task_font = {look.font} {round(9 * s)}", "task_font_color = #eeeeee 100",
        "task_active_font_color = #ffffff 100", "task_background_id = 2", "task_active_background_id = 3",
        "task_iconified_background_id = 2", "task_tooltip = 0",
        "time1_format = %H:%M", f"time1_font = {look.font} bold {round(10 * s)}", "clock_font_color = #ffffff 100",
        f"clock_padding = {round(6 * s)} 0", "clock_background_id = 0", "",
    ]), encoding="utf-8")
    gtk_font = f"{look.font} {look.font_size:g}"
    (config / "gtk-3.0" / "settings.ini").write_text(
        "[Settings]\n"
        f"gtk-theme-name = {'Adwaita-dark' if look.dark else 'Adwaita'}\n"
        f"gtk-application-prefer-dark-theme = {'true' if look.dark else 'false'}\n"
        f"gtk-font-name = {gtk_font}\n"
        "gtk-icon-theme-name = Adwaita\n"
        "gtk-enable-animations = false\n"
        "gtk-cursor-blink = false\n", encoding="utf-8")
    (home / ".gtkrc-2.0").write_text(
        f'gtk-font-name = "{look.font} {round(look.font_size * look.scale)}"\n'
        'gtk-icon-theme-name = "Adwaita"\n', encoding="utf-8")
    (config / "fontconfig" / "fonts.conf").write_text(
        "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
        f"<alias><family>sans-serif</family><prefer><family>{look.font}</family></prefer></alias>"
        f"<alias><family>Sans</family><prefer><family>{look.font}</family></prefer></alias>"
        "</fontconfig>\n", encoding="utf-8")
    return {"openbox": openbox, "tint2": tint2}
