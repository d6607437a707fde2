/**
*  Plot
*  Copyright (c) John Sundell 2019
*  MIT license, see LICENSE file for details
*/

import Foundation

/// Enum that defines various button types that can be used with the
/// `<button/>` HTML element. For example `.button(.type(.submit))`.
public enum HTMLButtonType: String {
    case button
    case reset
    case submit
}
