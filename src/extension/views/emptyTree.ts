import type * as vscode from 'vscode';

/**
 * A view with no items yet, so VS Code shows the view's welcome content. Domain views replace it
 * with their own provider.
 */
export class EmptyTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}
