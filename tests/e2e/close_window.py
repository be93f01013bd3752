#!/usr/bin/env python3
"""Asks the top-level X11 window of process PID to close, as a window manager's close button does.

Usage: close_window.py PID

Sends the ICCCM WM_DELETE_WINDOW client message (GTK turns it into a close request; Tauri into
WindowEvent::CloseRequested). Xvfb runs no window manager, so the test sends it itself. Talks
to libX11 through ctypes: no package beyond python3 and libx11 (which GTK already needs).
Prints when the request was sent (ms since the epoch). Exits 0 when a message was sent,
1 when no window of PID was found.
"""

import ctypes
import ctypes.util
import sys
import time

Window = ctypes.c_ulong
Atom = ctypes.c_ulong


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", Window),
        ("message_type", Atom),
        ("format", ctypes.c_int),
        ("l", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def main(pid):
    x11 = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = Window
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.restype = Atom
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XQueryTree.argtypes = [
        ctypes.c_void_p, Window, ctypes.POINTER(Window), ctypes.POINTER(Window),
        ctypes.POINTER(ctypes.POINTER(Window)), ctypes.POINTER(ctypes.c_uint),
    ]
    x11.XGetWindowProperty.argtypes = [
        ctypes.c_void_p, Window, Atom, ctypes.c_long, ctypes.c_long, ctypes.c_int, Atom,
        ctypes.POINTER(Atom), ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)),
    ]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
    x11.XFree.argtypes = [ctypes.c_void_p]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]

    display = x11.XOpenDisplay(None)
    if not display:
        sys.exit("close_window: cannot open the X display")
    net_wm_pid = x11.XInternAtom(display, b"_NET_WM_PID", False)
    wm_protocols = x11.XInternAtom(display, b"WM_PROTOCOLS", False)
    wm_delete = x11.XInternAtom(display, b"WM_DELETE_WINDOW", False)
    XA_CARDINAL = 6

    def window_pid(window):
        kind, fmt, count, after = Atom(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        status = x11.XGetWindowProperty(display, window, net_wm_pid, 0, 1, False, XA_CARDINAL,
                                        ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(count),
                                        ctypes.byref(after), ctypes.byref(data))
        if status != 0 or not data:
            return None
        value = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0] if count.value else None
        x11.XFree(data)
        return value

    root = x11.XDefaultRootWindow(display)
    root_ret, parent = Window(), Window()
    children = ctypes.POINTER(Window)()
    n = ctypes.c_uint()
    x11.XQueryTree(display, root, ctypes.byref(root_ret), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(n))
    targets = [children[i] for i in range(n.value) if window_pid(children[i]) == pid]
    if children:
        x11.XFree(children)

    for window in targets:
        event = XEvent()
        event.xclient.type = 33  # ClientMessage
        event.xclient.window = window
        event.xclient.message_type = wm_protocols
        event.xclient.format = 32
        event.xclient.l[0] = wm_delete
        event.xclient.l[1] = 0  # CurrentTime
        x11.XSendEvent(display, window, False, 0, ctypes.byref(event))
    x11.XFlush(display)
    sent_at = time.time()
    x11.XCloseDisplay(display)
    if not targets:
        sys.exit(f"close_window: no top-level window of process {pid}")
    # The first line is the wall-clock time the request left, in milliseconds since the epoch.
    print(f"{sent_at * 1000:.0f}\nclose_window: asked {len(targets)} window(s) of process {pid} to close")


if __name__ == "__main__":
    main(int(sys.argv[1]))
